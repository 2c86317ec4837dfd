// CONFIG GET * -> Settings (see settings.h).
#include "redis_testkit/client/settings.h"

#include "redis_testkit/client/connection.h"
#include "redis_testkit/client/errors.h"
#include "redis_testkit/client/reply.h"

namespace redis_testkit::client {

Settings SettingsFromReply(const Reply& reply) {
  if (reply.type() != Reply::Type::kArray || reply.AsArray().size() % 2 != 0) {
    throw Error("CONFIG GET: expected an array of name/value pairs, got " + reply.ToString());
  }
  const std::vector<Reply>& items = reply.AsArray();
  Settings settings;
  for (std::size_t i = 0; i + 1 < items.size(); i += 2) {
    settings[items[i].AsString()] = items[i + 1].AsString();
  }
  return settings;
}

Settings ReadSettings(Connection& connection) {
  return SettingsFromReply(connection.Command({"CONFIG", "GET", "*"}));
}

}  // namespace redis_testkit::client

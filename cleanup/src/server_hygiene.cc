// ServerHygiene: settings compared with a baseline and set back (see server_hygiene.h).
#include "redis_testkit/cleanup/server_hygiene.h"

#include <charconv>

#include "joined.h"
#include "redis_testkit/cleanup/stats_snapshot.h"
#include "redis_testkit/client/connection.h"
#include "redis_testkit/client/pipeline.h"
#include "redis_testkit/client/reply.h"

namespace redis_testkit::cleanup {
namespace {

long long ToNumber(const std::string& text) {
  long long value = -1;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

// A value as a message shows it: passwords never.
std::string Shown(const std::string& name, const std::string& value) {
  if (name == "requirepass" || name == "masterauth") return "***";
  return value.empty() ? "\"\"" : value;
}

}  // namespace

std::string HygieneResult::Describe() const {
  std::string out;
  if (clients_killed > 0) {
    out += "closed " + std::to_string(clients_killed) + " leftover client connection" +
           (clients_killed == 1 ? "" : "s");
  }
  if (!restored.empty())
    out += (out.empty() ? "" : "; ") + std::string("restored ") + internal::Joined(restored);
  if (!failed.empty())
    out += (out.empty() ? "" : "; ") + std::string("could not restore ") + internal::Joined(failed);
  return out;
}

ServerHygiene::ServerHygiene(client::Settings baseline) : baseline_(std::move(baseline)) {}

bool ServerHygiene::MayHaveChanged(const StatsSnapshot& before, const StatsSnapshot& after) const {
  if (after.config_set_calls != before.config_set_calls) return true;  // also after RESETSTAT
  const auto maxmemory = baseline_.find("maxmemory");
  if (maxmemory != baseline_.end() && ToNumber(maxmemory->second) != after.maxmemory) return true;
  const auto policy = baseline_.find("maxmemory-policy");
  return policy != baseline_.end() && !after.maxmemory_policy.empty() &&
         policy->second != after.maxmemory_policy;
}

HygieneResult ServerHygiene::Restore(client::Connection& connection) const {
  HygieneResult result;
  const client::Settings now = client::ReadSettings(connection);
  ++result.round_trips;
  std::vector<std::pair<std::string, std::string>> changes;  // name, value now
  client::Pipeline pipeline = connection.MakePipeline();
  for (const auto& [name, value] : now) {
    const auto wanted = baseline_.find(name);
    if (wanted == baseline_.end() || wanted->second == value) continue;
    pipeline.Add({"CONFIG", "SET", name, wanted->second});
    changes.emplace_back(name, value);
  }
  if (changes.empty()) return result;
  const std::vector<client::Reply> replies = pipeline.Execute();
  ++result.round_trips;
  for (std::size_t i = 0; i < changes.size(); ++i) {
    const auto& [name, value] = changes[i];
    if (replies.at(i).IsError()) {
      result.failed.push_back(name + " (" + Shown(name, value) + "): " + replies[i].AsString());
    } else {
      result.restored.push_back(name + " " + Shown(name, value) + " -> " +
                                Shown(name, baseline_.at(name)));
    }
  }
  return result;
}

HygieneResult ServerHygiene::ResetLeftovers(client::Connection& connection) const {
  client::Pipeline pipeline = connection.MakePipeline();
  pipeline.Add({"SCRIPT", "FLUSH", "SYNC"});
  pipeline.Add({"FUNCTION", "FLUSH", "SYNC"});  // an error before Redis 7.0: ignored
  pipeline.Add({"CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes"});
  pipeline.Add({"CLIENT", "KILL", "TYPE", "pubsub", "SKIPME", "yes"});
  const std::vector<client::Reply> replies = pipeline.Execute();
  HygieneResult result = Restore(connection);
  ++result.round_trips;
  for (std::size_t i = 2; i < replies.size(); ++i) {
    if (replies[i].type() == client::Reply::Type::kInteger) {
      result.clients_killed += replies[i].AsInteger();
    }
  }
  return result;
}

}  // namespace redis_testkit::cleanup

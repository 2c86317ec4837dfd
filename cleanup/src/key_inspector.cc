// KeyInspector: TYPE / PTTL / OBJECT ENCODING / MEMORY USAGE in pipelined batches.
#include "redis_testkit/cleanup/key_inspector.h"

#include <algorithm>

#include "redis_testkit/client/connection.h"
#include "redis_testkit/client/errors.h"
#include "redis_testkit/client/pipeline.h"
#include "redis_testkit/client/reply.h"

namespace redis_testkit::cleanup {
namespace {

constexpr std::size_t kCommandsPerKey = 4;

long long IntegerOr(const client::Reply& reply, long long fallback) {
  return reply.type() == client::Reply::Type::kInteger ? reply.AsInteger() : fallback;
}

std::string TextOr(const client::Reply& reply, std::string fallback) {
  const auto type = reply.type();
  if (type == client::Reply::Type::kString || type == client::Reply::Type::kStatus) {
    return reply.AsString();
  }
  return fallback;
}

}  // namespace

KeyInspector::KeyInspector(client::Connection& connection, std::size_t batch_keys)
    : connection_(&connection), batch_keys_(std::max<std::size_t>(1, batch_keys)) {}

std::vector<LeakedKey> KeyInspector::Inspect(std::span<const std::string> keys) {
  std::vector<LeakedKey> described;
  described.reserve(keys.size());
  client::Pipeline pipeline = connection_->MakePipeline();
  for (std::size_t start = 0; start < keys.size(); start += batch_keys_) {
    const std::size_t end = std::min(keys.size(), start + batch_keys_);
    for (std::size_t i = start; i < end; ++i) {
      const std::string_view key = keys[i];
      pipeline.Add({"TYPE", key});
      pipeline.Add({"PTTL", key});
      pipeline.Add({"OBJECT", "ENCODING", key});
      pipeline.Add({"MEMORY", "USAGE", key});
    }
    const std::vector<client::Reply> replies = pipeline.Execute();
    ++round_trips_;
    if (replies.size() != (end - start) * kCommandsPerKey) {
      throw client::IoError("cleanup: pipeline of " + std::to_string(end - start) +
                            " key descriptions returned " + std::to_string(replies.size()) +
                            " replies on " + connection_->endpoint().ToString());
    }
    for (std::size_t i = start; i < end; ++i) {
      const client::Reply* reply = &replies[(i - start) * kCommandsPerKey];
      if (reply[0].IsError()) {
        throw client::ReplyError("TYPE " + keys[i] + " on " + connection_->endpoint().ToString() +
                                 ": " + reply[0].AsString());
      }
      std::string type = TextOr(reply[0], "none");
      const long long ttl_ms = IntegerOr(reply[1], -2);
      if (type == "none" || ttl_ms == -2) continue;  // deleted since the SCAN
      LeakedKey& key = described.emplace_back();
      key.key = keys[i];
      key.type = std::move(type);
      key.ttl_ms = ttl_ms;
      key.encoding = TextOr(reply[2], "");
      key.bytes = IntegerOr(reply[3], 0);
    }
  }
  return described;
}

}  // namespace redis_testkit::cleanup

// KeyInspector: PTTL / OBJECT ENCODING / MEMORY USAGE (+ TYPE when needed) in pipelined batches.
#include "redis_testkit/cleanup/key_inspector.h"

#include <algorithm>
#include <array>
#include <utility>

#include "redis_testkit/client/connection.h"
#include "redis_testkit/client/errors.h"
#include "redis_testkit/client/pipeline.h"
#include "redis_testkit/client/reply.h"

namespace redis_testkit::cleanup {
namespace {

long long IntegerOr(const client::Reply& reply, long long fallback) {
  return reply.type() == client::Reply::Type::kInteger ? reply.AsInteger() : fallback;
}

bool IsText(const client::Reply& reply) {
  return reply.type() == client::Reply::Type::kString ||
         reply.type() == client::Reply::Type::kStatus;
}

}  // namespace

std::string_view TypeOfEncoding(std::string_view encoding) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 9> kUnique{{
      {"embstr", "string"},
      {"int", "string"},
      {"raw", "string"},
      {"quicklist", "list"},
      {"linkedlist", "list"},
      {"intset", "set"},
      {"skiplist", "zset"},
      {"stream", "stream"},
      {"zipmap", "hash"},
  }};
  for (const auto& [name, type] : kUnique) {
    if (name == encoding) return type;
  }
  return {};
}

KeyInspector::KeyInspector(client::Connection& connection, std::size_t batch_keys,
                           bool type_from_encoding)
    : connection_(&connection),
      batch_keys_(std::max<std::size_t>(1, batch_keys)),
      type_from_encoding_(type_from_encoding) {}

std::vector<LeakedKey> KeyInspector::Inspect(std::span<const std::string> keys) {
  std::vector<LeakedKey> described;
  described.reserve(keys.size());
  client::Pipeline pipeline = connection_->MakePipeline();
  const std::size_t per_key = type_from_encoding_ ? 3 : 4;
  std::vector<std::size_t> need_type;  // positions in `described`
  for (std::size_t start = 0; start < keys.size(); start += batch_keys_) {
    const std::size_t end = std::min(keys.size(), start + batch_keys_);
    for (std::size_t i = start; i < end; ++i) {
      const std::string_view key = keys[i];
      pipeline.Add({"PTTL", key});
      pipeline.Add({"OBJECT", "ENCODING", key});
      pipeline.Add({"MEMORY", "USAGE", key});
      if (!type_from_encoding_) pipeline.Add({"TYPE", key});
    }
    const std::vector<client::Reply> replies = pipeline.Execute();
    ++round_trips_;
    if (replies.size() != (end - start) * per_key) {
      throw client::IoError("cleanup: pipeline of " + std::to_string(end - start) +
                            " key descriptions returned " + std::to_string(replies.size()) +
                            " replies on " + connection_->endpoint().ToString());
    }
    const std::size_t batch_begin = described.size();
    need_type.clear();
    for (std::size_t i = start; i < end; ++i) {
      const client::Reply* reply = &replies[(i - start) * per_key];
      if (reply[0].IsError()) {  // PTTL fails only when something is badly wrong
        throw client::ReplyError("PTTL " + keys[i] + " on " + connection_->endpoint().ToString() +
                                 ": " + reply[0].AsString());
      }
      const long long ttl_ms = IntegerOr(reply[0], -2);
      if (ttl_ms == -2 || !IsText(reply[1])) continue;  // deleted since the SCAN
      LeakedKey& key = described.emplace_back();
      key.key = keys[i];
      key.ttl_ms = ttl_ms;
      key.encoding = reply[1].AsString();
      key.bytes = IntegerOr(reply[2], 0);
      if (!type_from_encoding_) {
        key.type = IsText(reply[3]) ? reply[3].AsString() : "none";
      } else {
        key.type = TypeOfEncoding(key.encoding);
        if (key.type.empty()) need_type.push_back(described.size() - 1);
      }
    }
    if (!need_type.empty()) {
      for (std::size_t at : need_type) pipeline.Add({"TYPE", described[at].key});
      const std::vector<client::Reply> types = pipeline.Execute();
      ++round_trips_;
      for (std::size_t n = 0; n < need_type.size() && n < types.size(); ++n) {
        described[need_type[n]].type = IsText(types[n]) ? types[n].AsString() : "none";
      }
    }
    // Drop keys that vanished before their TYPE (only this batch can hold them).
    described.erase(
        std::remove_if(described.begin() + static_cast<std::ptrdiff_t>(batch_begin),
                       described.end(), [](const LeakedKey& key) { return key.type == "none"; }),
        described.end());
  }
  return described;
}

}  // namespace redis_testkit::cleanup

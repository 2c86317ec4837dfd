// FastForward: TTLs shortened batch by batch by a Lua script (see fast_forward.h).
#include "redis_testkit/ops/fast_forward.h"

#include <stdexcept>
#include <string>
#include <vector>

#include "redis_testkit/client/info.h"

namespace redis_testkit::ops {
namespace {

using Clock = std::chrono::steady_clock;

// ARGV: cursor, milliseconds, count. One SCAN batch; every key with a TTL shortened or deleted.
// Returns {next cursor, keys seen, shortened, deleted}.
constexpr const char* kScript = R"lua(
local by = tonumber(ARGV[2])
local batch = redis.call('SCAN', ARGV[1], 'COUNT', ARGV[3])
local shortened, deleted = 0, 0
for _, key in ipairs(batch[2]) do
  local ttl = redis.call('PTTL', key)
  if ttl >= 0 then
    if ttl > by then
      redis.call('PEXPIRE', key, ttl - by)
      shortened = shortened + 1
    else
      redis.call('DEL', key)
      deleted = deleted + 1
    end
  end
end
return {batch[1], #batch[2], shortened, deleted}
)lua";

constexpr std::size_t kMaxBatch = 100'000;

// The databases to visit: those with keys that have a TTL (INFO keyspace "expires").
std::vector<int> DatabasesWithTtl(client::Connection& connection, bool all_databases,
                                  FastForwardResult& result) {
  const client::Info info = client::ParseInfo(connection.Command({"INFO", "keyspace"}).AsString());
  ++result.round_trips;
  ++result.commands["info"];
  std::vector<int> dbs;
  for (const auto& [db, figures] : info.keyspace) {
    if (figures.expires <= 0) continue;
    if (all_databases || db == connection.endpoint().db) dbs.push_back(db);
  }
  return dbs;
}

void Select(client::Connection& connection, int db, FastForwardResult& result) {
  connection.Command({"SELECT", std::to_string(db)});
  ++result.round_trips;
  ++result.commands["select"];
}

void ForwardDatabase(client::Connection& connection, const std::string& by,
                     const std::string& count, FastForwardResult& result) {
  std::string cursor = "0";
  do {
    const Clock::time_point sent = Clock::now();
    const client::Reply reply = connection.Command({"EVAL", kScript, "0", cursor, by, count});
    result.script_time +=
        std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - sent);
    ++result.round_trips;
    ++result.batches;
    const std::vector<client::Reply>& fields = reply.AsArray();
    if (fields.size() != 4) {
      throw std::runtime_error("FastForward: unexpected script reply " + reply.ToString());
    }
    cursor = fields[0].AsString();
    const long long seen = fields[1].AsInteger();
    const long long shortened = fields[2].AsInteger();
    const long long deleted = fields[3].AsInteger();
    result.keys_scanned += seen;
    result.shortened += shortened;
    result.expired += deleted;
    ++result.commands["eval"];
    ++result.commands["scan"];
    result.commands["pttl"] += seen;
    result.commands["pexpire"] += shortened;
    result.commands["del"] += deleted;
  } while (cursor != "0");
}

}  // namespace

FastForwardResult FastForward(client::Connection& connection, std::chrono::milliseconds by,
                              const FastForwardOptions& options) {
  if (by.count() < 0) {
    throw std::invalid_argument("FastForward: the duration is negative (" +
                                std::to_string(by.count()) +
                                " ms); time only moves forward: pass 0 or more");
  }
  if (options.batch_keys == 0 || options.batch_keys > kMaxBatch) {
    throw std::invalid_argument("FastForward: batch_keys " + std::to_string(options.batch_keys) +
                                " is out of range; use 1 to 100000");
  }
  const Clock::time_point start = Clock::now();
  FastForwardResult result;
  if (by.count() == 0) return result;
  const int home = connection.endpoint().db;
  int selected = home;
  for (const int db : DatabasesWithTtl(connection, options.all_databases, result)) {
    if (db != selected) Select(connection, db, result);
    selected = db;
    ForwardDatabase(connection, std::to_string(by.count()), std::to_string(options.batch_keys),
                    result);
  }
  if (selected != home) Select(connection, home, result);
  result.elapsed = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start);
  return result;
}

}  // namespace redis_testkit::ops

// The built-in profiles, written in the same JSON a user's file uses (see profile.h). Each check's
// `why` says the risk it guards against, in the words a failed audit prints.
#include "profile_builtin.h"

#include <array>
#include <string>
#include <vector>

#include "redis_testkit/ops/profile.h"

namespace redis_testkit::ops {
namespace internal {
namespace {

// A Redis buffer between a producer and a consumer (e.g. a stream of pipeline events): nothing
// acknowledged may be lost, a full buffer must refuse writes rather than drop events.
constexpr std::string_view kDurableStreamBuffer = R"json({
  "name": "durable-stream-buffer",
  "description": "A Redis buffer (stream or list) between a producer and a consumer: no acknowledged event may be lost, a full buffer refuses writes instead of dropping events.",
  "checks": [
    {"name": "no-eviction", "config": "maxmemory-policy", "op": "eq", "value": "noeviction",
     "level": "required",
     "why": "an eviction policy evicts whole keys: the whole stream key can be evicted at once (one eviction = a whole buffer of events lost); noeviction refuses writes with OOM instead, which the producer sees and can retry"},
    {"name": "maxmemory-set", "config": "maxmemory", "op": "gt", "value": 0, "level": "required",
     "why": "without maxmemory Redis grows until the kernel's OOM killer ends it, losing the events not yet on disk and the buffer's availability"},
    {"name": "aof-on", "config": "appendonly", "op": "eq", "value": "yes", "level": "required",
     "why": "without the AOF a crash or restart loses every event written since the last RDB snapshot"},
    {"name": "aof-fsync", "config": "appendfsync", "op": "in", "values": ["everysec", "always"],
     "level": "required",
     "why": "appendfsync no leaves flushing to the kernel: a power loss can lose ~30 s of acknowledged events (everysec: ~1-2 s, always: none)"},
    {"name": "aof-rewrite-on", "config": "auto-aof-rewrite-percentage", "op": "gt", "value": 0,
     "level": "required",
     "why": "0 turns automatic AOF rewrites off: the AOF grows until the disk is full, then every write fails and a restart replays all of it"},
    {"name": "aof-last-write-ok", "info": "aof_last_write_status", "op": "eq", "value": "ok",
     "level": "required",
     "why": "the last AOF write failed (disk full or I/O error): Redis refuses writes until one succeeds, and the events since are not durable"},
    {"name": "headroom", "ratio": "used_memory/maxmemory", "op": "le", "value": 0.8,
     "level": "required",
     "why": "above 80% of maxmemory a burst or a slow consumer reaches the cap, and then every producer write fails with OOM"},
    {"name": "fsync-during-rewrite", "config": "no-appendfsync-on-rewrite", "op": "eq",
     "value": "no", "level": "warn",
     "why": "yes skips fsync while a rewrite runs: a crash then can lose up to ~30 s of acknowledged events"}
  ]
})json";

// A cache: entries can be recomputed, a full cache must drop cold entries without stalling.
constexpr std::string_view kCache = R"json({
  "name": "cache",
  "description": "A cache: every entry can be recomputed; a full cache drops cold entries instead of refusing writes, without stalling clients.",
  "checks": [
    {"name": "allkeys-eviction", "config": "maxmemory-policy", "op": "in",
     "values": ["allkeys-lru", "allkeys-lfu", "allkeys-random"], "level": "required",
     "why": "noeviction answers OOM to every write once the cache is full, and volatile-* evicts only keys with a TTL: the cache stops caching instead of dropping cold entries"},
    {"name": "maxmemory-set", "config": "maxmemory", "op": "gt", "value": 0, "level": "required",
     "why": "without maxmemory nothing is ever evicted: the cache grows until the kernel's OOM killer ends Redis"},
    {"name": "lazy-eviction", "config": "lazyfree-lazy-eviction", "op": "eq", "value": "yes",
     "level": "required",
     "why": "eviction frees values in the main thread: evicting a large key stalls every client for as long as freeing it takes"},
    {"name": "no-aof", "config": "appendonly", "op": "eq", "value": "no", "level": "warn",
     "why": "a cache rarely needs the AOF: every write pays for it and a restart replays it before serving"}
  ]
})json";

struct Builtin {
  std::string_view name;
  std::string_view text;
};

constexpr std::array<Builtin, 2> kBuiltins{{
    {"cache", kCache},
    {"durable-stream-buffer", kDurableStreamBuffer},
}};

}  // namespace

std::optional<std::string_view> BuiltinProfileText(std::string_view name) {
  for (const Builtin& builtin : kBuiltins) {
    if (builtin.name == name) return builtin.text;
  }
  return std::nullopt;
}

}  // namespace internal

std::vector<std::string> BuiltinProfileNames() {
  std::vector<std::string> names;
  names.reserve(internal::kBuiltins.size());
  for (const internal::Builtin& builtin : internal::kBuiltins) names.emplace_back(builtin.name);
  return names;
}

}  // namespace redis_testkit::ops

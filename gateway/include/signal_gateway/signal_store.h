// The atomic step: everything one signal changes in Redis (dedup entry, storm window counter,
// storm record, affected resources) in ONE server-side Lua script, one round trip (EVALSHA, loaded
// by SHA, reloaded on NOSCRIPT). See redis_keys.h for the layout; every key gets a TTL (PEXPIRE).
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "signal_gateway/connection_pool.h"
#include "signal_gateway/signal.h"

namespace signal_gateway {

class ScriptRunner;

struct StoreSettings {
  std::chrono::milliseconds dedup_ttl{300'000};
  std::chrono::milliseconds storm_window{60'000};
  std::chrono::milliseconds storm_ttl{300'000};
  int storm_threshold = 10;  // the threshold-th signal in the window starts the storm
  int resource_cap = 100;    // affected resources kept per storm (<= 120: listpack-sized)
};

enum class StepStatus { kCreated, kDuplicate, kAggregated };

// "created" / "duplicate" / "aggregated".
const char* StepStatusName(StepStatus status);

// The storm as the step left it (aggregated signals only).
struct StormSnapshot {
  std::string pattern;
  std::int64_t first_seen_ms = 0;
  std::int64_t last_seen_ms = 0;
  long long alert_count = 0;  // signals aggregated into the storm, this one included
  long long dropped_resources = 0;
  std::vector<std::string> affected_resources;  // "Kind/Name"
  bool started = false;  // this signal started the storm (its remediation request is created)
};

struct StepResult {
  StepStatus status = StepStatus::kCreated;
  long long count = 1;             // occurrences of this fingerprint within the dedup TTL
  std::int64_t first_seen_ms = 0;  // of this fingerprint (Redis server clock)
  std::int64_t last_seen_ms = 0;
  // The remediation request the signal belongs to: its own, or its storm's.
  std::string remediation_request;
  bool storm_member = false;           // aggregated, or a duplicate of an aggregated signal
  std::string pattern;                 // when storm_member
  std::optional<StormSnapshot> storm;  // when status == kAggregated
};

class SignalStore {
 public:
  // `pool` must outlive the store.
  SignalStore(ConnectionPool& pool, StoreSettings settings);
  ~SignalStore();
  SignalStore(const SignalStore&) = delete;
  SignalStore& operator=(const SignalStore&) = delete;

  // One EVALSHA. Throws redis_testkit::client errors (IoError/TimeoutError when Redis is
  // unreachable or slow, OomError when Redis is out of memory: the script is refused before it
  // writes anything, so a signal is either fully recorded or not at all).
  StepResult Process(const Signal& signal);

  // SCRIPT LOAD ahead of the first signal (optional: Process loads on NOSCRIPT).
  void LoadScript();

  const StoreSettings& settings() const { return settings_; }
  long long script_loads() const;  // SCRIPT LOADs issued (1 + reloads after NOSCRIPT)
  const std::string& script_sha() const;
  static const std::string& ScriptSource();  // the Lua text (also used by the benchmark)
  // Aggregated steps that received the storm's whole resource list (the others used the local
  // copy, plus at most the one entry they appended).
  long long resource_list_fetches() const;

 private:
  // A local copy of each active storm's affected resources, so that an aggregated step only
  // transfers the list when it changed (it only ever grows within one storm). Bounded: cleared
  // when it holds kMaxCachedStorms storms; a miss only costs a longer reply.
  struct CachedStorm {
    std::int64_t first_seen_ms = 0;
    std::vector<std::string> resources;
  };
  static constexpr std::size_t kMaxCachedStorms = 1024;

  std::vector<std::string> ResourcesFor(const std::string& storm_key, std::int64_t storm_first_ms,
                                        std::size_t kept, const std::string& reference,
                                        long long mode, const redis_testkit::client::Reply& names);

  ConnectionPool& pool_;
  StoreSettings settings_;
  std::unique_ptr<ScriptRunner> script_;
  mutable std::mutex cache_mutex_;
  std::unordered_map<std::string, CachedStorm> cache_;  // guarded by cache_mutex_; by storm key
  long long fetches_ = 0;                               // guarded by cache_mutex_
};

}  // namespace signal_gateway

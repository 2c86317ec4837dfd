// The atomic step: everything one signal changes in Redis (dedup entry, storm window counter,
// storm record, affected resources) in ONE server-side Lua script (EVALSHA, loaded by SHA,
// reloaded on NOSCRIPT); the steps of a batch travel in one pipelined round trip, each still its
// own script call on its own hash tag (Cluster-safe). See redis_keys.h for the layout; every key
// gets a TTL (PEXPIRE). A step that creates a remediation request returns a claim that the caller
// settles once the sink answered (Settle): see gateway/README.md "No request lost or doubled".
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
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
  // How long a step's claim on a create holds (the caller publishes to the sink and confirms
  // within it); an unconfirmed claim is taken over by the next signal of the request after it.
  std::chrono::milliseconds create_lease{10'000};
};

// kPending: the request's create is claimed by another caller and not yet confirmed; nothing was
// written, retry after StepResult::retry_after_ms.
enum class StepStatus { kCreated, kDuplicate, kAggregated, kPending };

// "created" / "duplicate" / "aggregated" / "pending".
const char* StepStatusName(StepStatus status);

// A create claimed by a step: the hash and field holding it and its deadline (server ms).
struct CreateClaim {
  std::string key;
  std::string field;  // "p" (dedup hash: the signal's own request) or "q" (storm hash)
  std::int64_t deadline_ms = 0;
  std::string token;  // of the batch that made it (the claim is "<deadline_ms>:<token>")
};

enum class SettleAction {
  kConfirm,  // the sink took the create: the claim goes
  kRelease,  // it did not: the claim expires now, the next signal of the request creates it
};

// The storm as the step left it (aggregated signals only).
struct StormSnapshot {
  std::string pattern;
  std::int64_t first_seen_ms = 0;
  std::int64_t last_seen_ms = 0;
  long long alert_count = 0;  // signals aggregated into the storm, this one included
  long long dropped_resources = 0;
  std::vector<std::string> affected_resources;  // "Kind/Name"
  bool started = false;                         // this signal opened the storm
  bool took_over = false;  // it took over the storm's expired, unconfirmed create
  bool held = false;       // another caller holds the storm's create claim (publish nothing)
  bool creates() const { return started || took_over; }  // publish the storm request's create
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
  // kCreated, and kAggregated when storm->creates(): settle it with SignalStore::Settle.
  std::optional<CreateClaim> claim;
  std::int64_t retry_after_ms = 0;  // kPending: when the other caller's claim expires
};

class SignalStore {
 public:
  // `pool` must outlive the store.
  SignalStore(ConnectionPool& pool, StoreSettings settings);
  ~SignalStore();
  SignalStore(const SignalStore&) = delete;
  SignalStore& operator=(const SignalStore&) = delete;

  // One EVALSHA, and a create it claims confirmed at once (a second round trip, creates only):
  // for callers without a sink (tests, benchmarks). Throws redis_testkit::client errors
  // (IoError/TimeoutError when Redis is unreachable or slow, OomError when Redis is out of
  // memory: the script is refused before it writes anything, so a signal is either fully
  // recorded or not at all).
  StepResult Process(const Signal& signal);
  // One EVALSHA per signal, all in one pipelined round trip; results in order. When one step
  // answers an error, the claims of the others are released and the error is thrown.
  std::vector<StepResult> ProcessBatch(const std::vector<const Signal*>& signals);
  // Settles claims in one pipelined round trip; returns how many were still the caller's.
  int Settle(const std::vector<std::pair<CreateClaim, SettleAction>>& claims);

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

  std::vector<std::string> ArgsFor(const Signal& signal, const std::string& storm_key,
                                   const std::string& pattern, const std::string& token) const;
  StepResult Parse(const Signal& signal, const redis_testkit::client::Reply& reply,
                   const std::string& token);

  ConnectionPool& pool_;
  StoreSettings settings_;
  std::unique_ptr<ScriptRunner> script_;
  std::unique_ptr<ScriptRunner> claim_script_;
  mutable std::mutex cache_mutex_;
  std::unordered_map<std::string, CachedStorm> cache_;  // guarded by cache_mutex_; by storm key
  long long fetches_ = 0;                               // guarded by cache_mutex_
};

}  // namespace signal_gateway

#include "signal_gateway/signal_store.h"

#include <random>
#include <stdexcept>

#include "script_runner.h"
#include "signal_gateway/redis_keys.h"
#include "signal_gateway/remediation_request.h"
#include "signal_script.h"

namespace signal_gateway {

namespace client = redis_testkit::client;

namespace {

std::string Millis(std::chrono::milliseconds value) { return std::to_string(value.count()); }

std::int64_t ToInt(const client::Reply& reply) {
  return static_cast<std::int64_t>(reply.AsInteger());
}

// The pattern is stored for people reading Redis; keep it listpack-sized (the full pattern is
// recomputed from the signal).
std::string StoredPattern(std::string pattern) {
  if (pattern.size() > kMaxCompactField) pattern.resize(kMaxCompactField);
  return pattern;
}

std::vector<std::string> DecodeNames(const client::Reply& names, const std::string& reference) {
  std::vector<std::string> resources;
  for (const client::Reply& name : names.AsArray()) {
    const std::string& field = name.AsString();
    if (field.size() > 1) resources.push_back(FrontDecode(field, reference));  // skip n f l c d p x
  }
  return resources;
}

// 16 random hex digits naming one batch's claims.
std::string BatchToken() {
  thread_local std::mt19937_64 random(std::random_device{}());
  static constexpr char kHex[] = "0123456789abcdef";
  std::uint64_t bits = random();
  std::string token(16, '0');
  for (char& digit : token) {
    digit = kHex[bits & 0xF];
    bits >>= 4;
  }
  return token;
}

// The storm pattern of a signal ("<alertname> in <namespace>").
std::string PatternOf(const Signal& signal) {
  const std::string_view scope = signal.StateNamespace();
  return StormPattern(signal.alertname, scope.empty() ? "(cluster)" : scope);
}

}  // namespace

const char* StepStatusName(StepStatus status) {
  switch (status) {
    case StepStatus::kCreated:
      return "created";
    case StepStatus::kDuplicate:
      return "duplicate";
    case StepStatus::kAggregated:
      return "aggregated";
    case StepStatus::kPending:
      return "pending";
  }
  return "unknown";
}

SignalStore::SignalStore(ConnectionPool& pool, StoreSettings settings)
    : pool_(pool),
      settings_(settings),
      script_(std::make_unique<ScriptRunner>(SignalScript())),
      claim_script_(std::make_unique<ScriptRunner>(kClaimScript)) {}

SignalStore::~SignalStore() = default;

const std::string& SignalStore::ScriptSource() {
  static const std::string source(SignalScript());
  return source;
}

void SignalStore::LoadScript() {
  pool_.Run([this](RedisSession& session) {
    script_->Load(session);
    claim_script_->Load(session);
  });
}

long long SignalStore::script_loads() const { return script_->loads(); }

const std::string& SignalStore::script_sha() const { return script_->sha(); }

long long SignalStore::resource_list_fetches() const {
  std::lock_guard lock(cache_mutex_);
  return fetches_;
}

std::vector<std::string> SignalStore::ResourcesFor(const std::string& storm_key,
                                                   std::int64_t storm_first_ms, std::size_t kept,
                                                   const std::string& reference, long long mode,
                                                   const client::Reply& names) {
  if (mode == 1) {  // the whole list
    std::vector<std::string> resources = DecodeNames(names, reference);
    std::lock_guard lock(cache_mutex_);
    ++fetches_;
    auto it = cache_.find(storm_key);
    if (it == cache_.end()) {
      if (cache_.size() >= kMaxCachedStorms) cache_.clear();
      cache_.emplace(storm_key, CachedStorm{storm_first_ms, resources});
    } else if (it->second.first_seen_ms != storm_first_ms ||
               it->second.resources.size() < resources.size()) {
      it->second = CachedStorm{storm_first_ms, resources};
    }
    return resources;
  }
  {
    std::lock_guard lock(cache_mutex_);
    auto it = cache_.find(storm_key);
    if (mode == 2 && kept == 1) {  // a new storm: its first resource is the whole list
      if (it == cache_.end() && cache_.size() >= kMaxCachedStorms) cache_.clear();
      CachedStorm& entry = cache_[storm_key];
      if (entry.first_seen_ms != storm_first_ms) {
        entry = CachedStorm{storm_first_ms, DecodeNames(names, reference)};
      }
      return entry.resources;
    }
    if (it != cache_.end() && it->second.first_seen_ms == storm_first_ms) {
      std::vector<std::string>& cached = it->second.resources;
      // mode 2: this step appended one entry to the kept - 1 we held (unless another thread
      // already added it and more; the list is the same prefix either way).
      if (mode == 2 && cached.size() + 1 == kept) {
        for (std::string& resource : DecodeNames(names, reference))
          cached.push_back(std::move(resource));
      }
      if (cached.size() >= kept) {
        return std::vector<std::string>(cached.begin(), cached.begin() + static_cast<long>(kept));
      }
    }
  }
  // Our copy was replaced or dropped meanwhile (cache cleared, a new storm on the key): read the
  // list once more. Rare; the list only grows, so its first `kept` entries are this step's list.
  const client::Reply fresh = pool_.Run([&](RedisSession& session) {
    return session.Command({"HKEYS", storm_key});
  });
  std::vector<std::string> resources = DecodeNames(fresh, reference);
  if (resources.size() > kept) resources.resize(kept);
  return resources;
}

std::vector<std::string> SignalStore::ArgsFor(const Signal& signal, const std::string& storm_key,
                                              const std::string& pattern,
                                              const std::string& token) const {
  std::int64_t known_first = 0;
  std::size_t known_count = 0;  // only the count of our copy is sent
  {
    std::lock_guard lock(cache_mutex_);
    if (auto it = cache_.find(storm_key); it != cache_.end()) {
      known_first = it->second.first_seen_ms;
      known_count = it->second.resources.size();
    }
  }
  return {Millis(settings_.dedup_ttl),
          Millis(settings_.storm_window),
          std::to_string(settings_.storm_threshold),
          Millis(settings_.storm_ttl),
          std::to_string(settings_.resource_cap),
          ResourceField(signal.resource),
          StoredPattern(pattern),
          std::to_string(known_first),
          std::to_string(known_count),
          Millis(settings_.create_lease),
          token};
}

StepResult SignalStore::Process(const Signal& signal) {
  StepResult result = ProcessBatch({&signal}).front();
  if (result.claim) Settle({{*result.claim, SettleAction::kConfirm}});
  return result;
}

std::vector<StepResult> SignalStore::ProcessBatch(const std::vector<const Signal*>& signals) {
  const std::string token = BatchToken();
  std::vector<ScriptRunner::Call> calls;
  calls.reserve(signals.size());
  for (const Signal* signal : signals) {
    const SignalKeys keys = KeysFor(*signal);
    calls.emplace_back(std::vector<std::string>{keys.dedup, keys.storm},
                       ArgsFor(*signal, keys.storm, PatternOf(*signal), token));
  }
  const std::vector<client::Reply> replies =
      pool_.Run([&](RedisSession& session) { return script_->RunBatch(session, calls); });
  std::vector<StepResult> results;
  results.reserve(signals.size());
  const client::Reply* error = nullptr;
  for (std::size_t i = 0; i < replies.size(); ++i) {
    if (replies[i].IsError()) {
      if (error == nullptr) error = &replies[i];
      continue;
    }
    results.push_back(Parse(*signals[i], replies[i], token));
  }
  if (error != nullptr) {
    // The batch fails as a whole: give back the creates the other steps claimed, so that the
    // sender's retry creates them at once instead of waiting for the claims to expire.
    std::vector<std::pair<CreateClaim, SettleAction>> release;
    for (const StepResult& result : results) {
      if (result.claim) release.emplace_back(*result.claim, SettleAction::kRelease);
    }
    try {
      if (!release.empty()) Settle(release);
    } catch (const std::exception&) {  // they expire after the lease instead
    }
    ScriptRunner::ThrowIfError(*error);
  }
  return results;
}

int SignalStore::Settle(const std::vector<std::pair<CreateClaim, SettleAction>>& claims) {
  if (claims.empty()) return 0;
  std::vector<ScriptRunner::Call> calls;
  calls.reserve(claims.size());
  for (const auto& [claim, action] : claims) {
    calls.emplace_back(
        std::vector<std::string>{claim.key},
        std::vector<std::string>{claim.field, std::to_string(claim.deadline_ms) + ":" + claim.token,
                                 action == SettleAction::kConfirm ? "confirm" : "release"});
  }
  const std::vector<client::Reply> replies =
      pool_.Run([&](RedisSession& session) { return claim_script_->RunBatch(session, calls); });
  int settled = 0;
  for (const client::Reply& reply : replies) {
    ScriptRunner::ThrowIfError(reply);
    settled += static_cast<int>(reply.AsInteger());
  }
  return settled;
}

StepResult SignalStore::Parse(const Signal& signal, const client::Reply& reply,
                              const std::string& token) {
  const SignalKeys keys = KeysFor(signal);
  const auto& items = reply.AsArray();
  if (items.size() < 5) {
    throw std::runtime_error("signal script returned " + reply.ToString() +
                             ": expected at least 5 elements (script and gateway out of sync?)");
  }
  StepResult result;
  const long long status = items[0].AsInteger();
  result.status = status == 0   ? StepStatus::kCreated
                  : status == 1 ? StepStatus::kDuplicate
                  : status == 2 ? StepStatus::kAggregated
                                : StepStatus::kPending;
  result.count = items[1].AsInteger();
  result.first_seen_ms = ToInt(items[2]);
  result.last_seen_ms = ToInt(items[3]);
  const std::int64_t storm_first = ToInt(items[4]);
  result.storm_member = storm_first >= 0;
  if (result.storm_member) {
    result.remediation_request = StormRequestName(keys.tag, storm_first);
    result.pattern = PatternOf(signal);
  } else {
    result.remediation_request = RemediationRequestName(signal.fingerprint, result.first_seen_ms);
  }
  if (result.status == StepStatus::kCreated && items.size() >= 6) {
    result.claim = CreateClaim{keys.dedup, "p", ToInt(items[5]), token};
  }
  if (result.status == StepStatus::kPending && items.size() >= 6) {
    result.retry_after_ms = ToInt(items[5]);
  }
  if (result.status == StepStatus::kAggregated) {
    if (items.size() < 15) {
      throw std::runtime_error("signal script returned " + reply.ToString() +
                               ": an aggregated signal needs 15 elements");
    }
    StormSnapshot storm;
    storm.pattern = result.pattern;
    storm.started = items[5].AsInteger() == 1;
    storm.took_over = items[5].AsInteger() == 2;
    storm.held = items[14].AsInteger() == 1;
    storm.alert_count = items[6].AsInteger();
    storm.dropped_resources = items[7].AsInteger();
    storm.first_seen_ms = storm_first;
    storm.last_seen_ms = storm_first + ToInt(items[8]);
    const std::size_t kept = static_cast<std::size_t>(items[10].AsInteger());
    storm.affected_resources = ResourcesFor(keys.storm, storm_first, kept, items[9].AsString(),
                                            items[11].AsInteger(), items[12]);
    if (storm.creates()) result.claim = CreateClaim{keys.storm, "q", ToInt(items[13]), token};
    result.storm = std::move(storm);
  }
  return result;
}

}  // namespace signal_gateway

#include "signal_gateway/signal_store.h"

#include <stdexcept>

#include "script_runner.h"
#include "signal_gateway/redis_keys.h"
#include "signal_gateway/remediation_request.h"
#include "signal_script.h"

namespace signal_gateway {

namespace client = redis_testkit::client;

namespace {

std::string Millis(std::chrono::milliseconds value) { return std::to_string(value.count()); }

std::int64_t ToInt(const client::Reply& reply) { return static_cast<std::int64_t>(reply.AsInteger()); }

// The pattern is stored for people reading Redis; keep it listpack-sized (the full pattern is
// recomputed from the signal).
std::string StoredPattern(std::string pattern) {
  if (pattern.size() > kMaxCompactField) pattern.resize(kMaxCompactField);
  return pattern;
}

StormSnapshot DecodeStorm(const client::Reply& hash, std::string pattern) {
  StormSnapshot storm;
  storm.pattern = std::move(pattern);
  const auto& items = hash.AsArray();
  std::string reference;  // x: the first resource, the base of the front coding
  for (std::size_t i = 0; i + 1 < items.size(); i += 2) {
    if (items[i].AsString() == "x") reference = items[i + 1].AsString();
  }
  std::int64_t last_offset = 0;
  for (std::size_t i = 0; i + 1 < items.size(); i += 2) {
    const std::string& field = items[i].AsString();
    const client::Reply& value = items[i + 1];
    if (field.size() == 1) {
      switch (field[0]) {
        case 'f': storm.first_seen_ms = ToInt(value); break;
        case 'l': last_offset = ToInt(value); break;
        case 'c': storm.alert_count = value.AsInteger(); break;
        case 'd': storm.dropped_resources = value.AsInteger(); break;
        default: break;  // n (window count), p (pattern), x (reference)
      }
    } else {
      storm.affected_resources.push_back(FrontDecode(field, reference));
    }
  }
  storm.last_seen_ms = storm.first_seen_ms + last_offset;
  return storm;
}

}  // namespace

const char* StepStatusName(StepStatus status) {
  switch (status) {
    case StepStatus::kCreated: return "created";
    case StepStatus::kDuplicate: return "duplicate";
    case StepStatus::kAggregated: return "aggregated";
  }
  return "unknown";
}

SignalStore::SignalStore(ConnectionPool& pool, StoreSettings settings)
    : pool_(pool), settings_(settings), script_(std::make_unique<ScriptRunner>(kSignalScript)) {}

SignalStore::~SignalStore() = default;

const std::string& SignalStore::ScriptSource() {
  static const std::string source(kSignalScript);
  return source;
}

void SignalStore::LoadScript() {
  pool_.Run([this](client::Connection& connection) { script_->Load(connection); });
}

long long SignalStore::script_loads() const { return script_->loads(); }

const std::string& SignalStore::script_sha() const { return script_->sha(); }

StepResult SignalStore::Process(const Signal& signal) {
  const SignalKeys keys = KeysFor(signal);
  std::string pattern = StormPattern(signal.alertname, signal.ns);
  const std::vector<std::string> args = {Millis(settings_.dedup_ttl),
                                         Millis(settings_.storm_window),
                                         std::to_string(settings_.storm_threshold),
                                         Millis(settings_.storm_ttl),
                                         std::to_string(settings_.resource_cap),
                                         ResourceField(signal.resource),
                                         StoredPattern(pattern)};
  const client::Reply reply = pool_.Run([&](client::Connection& connection) {
    return script_->Run(connection, {keys.dedup, keys.storm}, args);
  });

  const auto& items = reply.AsArray();
  if (items.size() < 5) {
    throw std::runtime_error("signal script returned " + reply.ToString() +
                             ": expected at least 5 elements (script and gateway out of sync?)");
  }
  StepResult result;
  const long long status = items[0].AsInteger();
  result.status = status == 0   ? StepStatus::kCreated
                  : status == 1 ? StepStatus::kDuplicate
                                : StepStatus::kAggregated;
  result.count = items[1].AsInteger();
  result.first_seen_ms = ToInt(items[2]);
  result.last_seen_ms = ToInt(items[3]);
  const std::int64_t storm_first = ToInt(items[4]);
  result.storm_member = storm_first >= 0;
  if (result.storm_member) {
    result.remediation_request = StormRequestName(keys.tag, storm_first);
    result.pattern = pattern;
  } else {
    result.remediation_request = RemediationRequestName(signal.fingerprint, result.first_seen_ms);
  }
  if (result.status == StepStatus::kAggregated) {
    if (items.size() < 7) {
      throw std::runtime_error("signal script returned " + reply.ToString() +
                               ": an aggregated signal needs 7 elements");
    }
    result.storm = DecodeStorm(items[6], std::move(pattern));
    result.storm->started = items[5].AsInteger() == 1;
  }
  return result;
}

}  // namespace signal_gateway

#include "signal_gateway/rate_limiter.h"

#include "script_runner.h"
#include "signal_gateway/redis_keys.h"

namespace signal_gateway {

namespace client = redis_testkit::client;

namespace {

// KEYS[1] counter; ARGV[1] window ms. Returns {count, ms left in the window}.
constexpr const char kRateScript[] = R"lua(#!lua
local n = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if n == 1 or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {n, ttl}
)lua";

}  // namespace

long long RateDecision::RetryAfterSeconds() const {
  const long long seconds = (reset_in.count() + 999) / 1000;
  return seconds < 1 ? 1 : seconds;
}

RateLimiter::RateLimiter(ConnectionPool& pool, int limit, std::chrono::milliseconds window)
    : pool_(pool),
      limit_(limit),
      window_(window),
      script_(std::make_unique<ScriptRunner>(kRateScript)) {}

RateLimiter::~RateLimiter() = default;

RateDecision RateLimiter::Check(std::string_view remote_ip) {
  RateDecision decision;
  if (limit_ <= 0) return decision;
  const std::vector<std::string> keys = {RateKey(remote_ip)};
  const std::vector<std::string> args = {std::to_string(window_.count())};
  const client::Reply reply =
      pool_.Run([&](RedisSession& session) { return script_->Run(session, keys, args); });
  const auto& items = reply.AsArray();
  decision.count = items.at(0).AsInteger();
  decision.reset_in = std::chrono::milliseconds(items.at(1).AsInteger());
  decision.allowed = decision.count <= limit_;
  return decision;
}

}  // namespace signal_gateway

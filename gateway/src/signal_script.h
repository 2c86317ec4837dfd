// The Lua text of the atomic step (private; SignalStore::ScriptSource() exposes it).
//
// "#!lua" (Redis >= 7): the script declares no flags, so Redis treats it as a writer and refuses it
// with -OOM *before it runs* when used memory is over maxmemory: nothing is ever half-written.
// TIME is allowed (scripts are replicated by effects), so all gateway replicas share one clock.
//
// KEYS[1] dedup hash, KEYS[2] storm hash (same hash tag).
// ARGV: dedup_ttl_ms, window_ms, threshold, storm_ttl_ms, resource_cap, resource_field, pattern.
// Returns {status, count, first_ms, last_ms, storm_first_ms | -1 [, started, HGETALL storm]}
// with status 0 created, 1 duplicate, 2 aggregated.
#pragma once

namespace signal_gateway {

inline constexpr const char kSignalScript[] = R"lua(#!lua
local dk, sk = KEYS[1], KEYS[2]
local dedup_ttl = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local threshold = tonumber(ARGV[3])
local storm_ttl = tonumber(ARGV[4])
local cap = tonumber(ARGV[5])
local t = redis.call('TIME')
-- Front coding of a resource against the storm's first one (FrontCode in redis_keys.cc).
local function code(field, ref)
  local limit = math.min(#field, #ref, 255)
  local k = 0
  while k < limit and string.byte(field, k + 1) == string.byte(ref, k + 1) do k = k + 1 end
  if k < 4 and string.byte(field, 1) ~= 1 then return field end
  return '\1' .. string.char(k) .. string.sub(field, k + 1)
end
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)

-- 1. Deduplication: seen within the dedup TTL -> count, last seen, TTL refreshed.
local d = redis.call('HMGET', dk, 'c', 'f', 's')
if d[1] then
  local c = redis.call('HINCRBY', dk, 'c', 1)
  local f = tonumber(d[2])
  redis.call('HSET', dk, 'l', now - f)
  redis.call('PEXPIRE', dk, dedup_ttl)
  local sf = -1
  if d[3] then sf = f - tonumber(d[3]) end
  return {1, c, f, now, sf}
end

-- 2. Storm detection: a window counter per (namespace, alertname), started by the first signal.
local st = redis.call('HMGET', sk, 'f', 'x')
local sf = tonumber(st[1])
local ref = st[2]
local started = 0
if not sf then
  local n = redis.call('HINCRBY', sk, 'n', 1)
  if n == 1 then redis.call('PEXPIRE', sk, window) end
  if n < threshold then
    redis.call('HSET', dk, 'c', 1, 'f', now, 'l', 0)
    redis.call('PEXPIRE', dk, dedup_ttl)
    return {0, 1, now, now, -1}
  end
  sf = now
  ref = ARGV[6]
  started = 1
  redis.call('HSET', sk, 'f', now, 'c', 0, 'd', 0, 'p', ARGV[7], 'x', ref)
end

-- 3. Aggregation: one small record, deduplicated resources capped, the rest counted as dropped.
redis.call('HINCRBY', sk, 'c', 1)
redis.call('HSET', sk, 'l', now - sf)
local field = code(ARGV[6], ref)
if redis.call('HEXISTS', sk, field) == 0 then
  if redis.call('HLEN', sk) - 7 < cap then
    redis.call('HSET', sk, field, '')
  else
    redis.call('HINCRBY', sk, 'd', 1)
  end
end
redis.call('PEXPIRE', sk, storm_ttl)
redis.call('HSET', dk, 'c', 1, 'f', now, 'l', 0, 's', now - sf)
redis.call('PEXPIRE', dk, dedup_ttl)
return {2, 1, now, now, sf, started, redis.call('HGETALL', sk)}
)lua";

}  // namespace signal_gateway

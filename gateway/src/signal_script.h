// The Lua text of the atomic step (private; SignalStore::ScriptSource() exposes it).
//
// "#!lua" (Redis >= 7): the script declares no flags, so Redis treats it as a writer and refuses it
// with -OOM *before it runs* when used memory is over maxmemory: nothing is ever half-written.
// TIME is allowed (scripts are replicated by effects), so all gateway replicas share one clock.
//
// KEYS[1] dedup hash, KEYS[2] storm hash (same hash tag).
// ARGV: dedup_ttl_ms, window_ms, threshold, storm_ttl_ms, resource_cap, resource_field, pattern,
//       cached_storm_first_ms, cached_resource_count (what the caller already holds; "0" "0").
// Returns {status, count, first_ms, last_ms, storm_first_ms | -1} for created (0) and duplicate
// (1); aggregated (2) adds {started, alert_count, dropped, last_offset_ms, x, kept, mode, names}:
// the resource list only when the caller's copy is stale (mode 1: all field names; mode 2: the
// entry this step appended). A storm's list only grows, in insertion order, so the same storm
// start and the same count mean the same list.
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
local st = redis.call('HMGET', sk, 'f', 'x', 'c', 'd')
local sf, ref = tonumber(st[1]), st[2]
local c, d = tonumber(st[3]) or 0, tonumber(st[4]) or 0
local started = 0
if not sf then
  local n = redis.call('HINCRBY', sk, 'n', 1)
  if n == 1 then redis.call('PEXPIRE', sk, window) end
  if n < threshold then
    redis.call('HSET', dk, 'c', 1, 'f', now, 'l', 0)
    redis.call('PEXPIRE', dk, dedup_ttl)
    return {0, 1, now, now, -1}
  end
  sf, ref, started = now, ARGV[6], 1
end

-- 3. Aggregation: one small record, deduplicated resources capped, the rest counted as dropped.
c = c + 1
local field = code(ARGV[6], ref)
local kept, added = 1, true
if started == 1 then
  redis.call('HSET', sk, 'f', now, 'c', c, 'd', 0, 'p', ARGV[7], 'x', ref, 'l', 0, field, '')
else
  added = redis.call('HEXISTS', sk, field) == 0
  kept = redis.call('HLEN', sk) - 7
  if added and kept < cap then
    redis.call('HSET', sk, 'c', c, 'l', now - sf, field, '')
    kept = kept + 1
  elseif added then
    added = false
    d = d + 1
    redis.call('HSET', sk, 'c', c, 'l', now - sf, 'd', d)
  else
    redis.call('HSET', sk, 'c', c, 'l', now - sf)
  end
end
redis.call('PEXPIRE', sk, storm_ttl)
redis.call('HSET', dk, 'c', 1, 'f', now, 'l', 0, 's', now - sf)
redis.call('PEXPIRE', dk, dedup_ttl)
-- The resource list travels only when the caller's copy is stale: 0 current, 1 whole list (field
-- names, meta included), 2 the one entry appended by this step.
local mode, names = 0, 0
local cached_f, cached_k = tonumber(ARGV[8]), tonumber(ARGV[9])
if cached_f == sf and cached_k == kept then
  mode = 0
elseif added and ((cached_f == sf and cached_k == kept - 1) or kept == 1) then
  mode, names = 2, {field}
else
  mode, names = 1, redis.call('HKEYS', sk)
end
return {2, 1, now, now, sf, started, c, d, now - sf, ref, kept, mode, names}
)lua";

}  // namespace signal_gateway

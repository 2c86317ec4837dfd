// The Lua text of the atomic step (private; SignalStore::ScriptSource() exposes it), and of the
// claim script that settles a create once the sink has (or has not) taken it.
//
// "#!lua" (Redis >= 7): the script declares no flags, so Redis treats it as a writer and refuses it
// with -OOM *before it runs* when used memory is over maxmemory: nothing is ever half-written.
// TIME is allowed (scripts are replicated by effects), so all gateway replicas share one clock.
//
// KEYS[1] dedup hash, KEYS[2] storm hash (same hash tag).
// ARGV: dedup_ttl_ms, window_ms, threshold, storm_ttl_ms, resource_cap, resource_field, pattern,
//       cached_storm_first_ms, cached_resource_count (what the caller already holds; "0" "0"),
//       create_lease_ms, batch token (claims are stored as "<deadline>:<token>"; a claim of the
//       caller's own batch does not make a later signal of that batch wait).
// Creates are claimed, not final: a step that creates a remediation request (its own, or the
// storm's) writes a claim `p` (dedup hash) or `q` (storm hash) = the server time until which the
// caller may publish the create; the caller then confirms it (the field is deleted) or releases
// it (set to 0). An unconfirmed claim makes the next signal of that request wait (status 3,
// pending: nothing written) until it expires, then that signal creates the request again (same
// name): a lost reply or a failed sink never leaves a request uncreated, and never publishes an
// update for a request the sink has not seen created.
// Returns {status, count, first_ms, last_ms, storm_first_ms | -1, claim | wait_ms}:
//   0 created (claim = deadline to confirm), 1 duplicate, 3 pending (wait_ms before a retry).
// Aggregated (2) returns {2, count, first_ms, last_ms, storm_first_ms, started, alert_count,
// dropped, last_offset_ms, x, kept, mode, names, claim, held}: started 1 = this step opened the
// storm, 2 = it took over the storm's expired create claim (both: claim = its deadline); held 1 =
// another caller holds the storm's create claim (publish nothing). The resource list travels only
// when the caller's copy is stale (mode 1: all field names; mode 2: the entry this step appended).
// A storm's list only grows, in insertion order, so the same storm start and count mean the same
// list.
//
// The number of non-resource fields of a storm hash is written in once, kStormMetaFields
// (redis_keys.h): SignalScript() puts it where the text says STORM_META_FIELDS.
#pragma once

#include <string>
#include <string_view>

#include "signal_gateway/redis_keys.h"

namespace signal_gateway {

inline constexpr std::string_view kStormMetaFieldsToken = "STORM_META_FIELDS";

inline constexpr const char kSignalScriptTemplate[] = R"lua(#!lua
local dk, sk = KEYS[1], KEYS[2]
local dedup_ttl = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local threshold = tonumber(ARGV[3])
local storm_ttl = tonumber(ARGV[4])
local cap = tonumber(ARGV[5])
local lease = tonumber(ARGV[10])
local token = ARGV[11]
-- A claim "<deadline>:<token>" -> deadline, and whether this batch holds it.
local function claim_of(value)
  if not value then return nil, false end
  local deadline, owner = string.match(value, '^(%d+):(.*)$')
  return tonumber(deadline), owner == token
end
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

-- 1. Deduplication: seen within the dedup TTL -> count, last seen, TTL refreshed; unless the
-- create of its request is unconfirmed (wait for the claim, or take it over once expired).
local e = redis.call('HMGET', dk, 'c', 'f', 's', 'p')
local retake = false
if e[1] then
  local c, f = tonumber(e[1]), tonumber(e[2])
  local p, mine = claim_of(e[4])
  if p and not mine then
    if now < p then return {3, c, f, now, -1, p - now} end
    p = now + lease
    redis.call('HSET', dk, 'l', now - f, 'p', p .. ':' .. token)
    redis.call('PEXPIRE', dk, dedup_ttl)
    return {0, c, f, now, -1, p}
  end
  local sf = -1
  if e[3] then
    sf = f - tonumber(e[3])
    local q, q_mine = claim_of(redis.call('HGET', sk, 'q'))
    if q and not q_mine then
      if now < q then return {3, c, f, now, sf, q - now} end
      retake = true
    end
  end
  if not retake then
    c = redis.call('HINCRBY', dk, 'c', 1)
    redis.call('HSET', dk, 'l', now - f)
    redis.call('PEXPIRE', dk, dedup_ttl)
    return {1, c, f, now, sf}
  end
end

-- 2. Storm detection: a window counter per (namespace, alertname), started by the first signal.
local st = redis.call('HMGET', sk, 'f', 'x', 'c', 'd', 'q')
local sf, ref = tonumber(st[1]), st[2]
local c, d = tonumber(st[3]) or 0, tonumber(st[4]) or 0
local q, q_mine = claim_of(st[5])
-- Fields that are not resources (kStormMetaFields), and q while a create claim is unconfirmed.
local meta = STORM_META_FIELDS
if q then meta = meta + 1 end
local started, claim = 0, 0
if not sf then
  local n = redis.call('HINCRBY', sk, 'n', 1)
  if n == 1 then redis.call('PEXPIRE', sk, window) end
  if n < threshold then
    claim = now + lease
    redis.call('HSET', dk, 'c', 1, 'f', now, 'l', 0, 'p', claim .. ':' .. token)
    redis.call('PEXPIRE', dk, dedup_ttl)
    return {0, 1, now, now, -1, claim}
  end
  sf, ref, started, claim = now, ARGV[6], 1, now + lease
elseif q and not q_mine and now >= q then
  started, claim = 2, now + lease
end
local held = 0
if q and started == 0 and not q_mine then held = 1 end

-- 3. Aggregation: one small record, deduplicated resources capped, the rest counted as dropped.
local field = code(ARGV[6], ref)
local kept, added = 1, true
if started == 1 then
  c = c + 1
  redis.call('HSET', sk, 'f', now, 'c', c, 'd', 0, 'p', ARGV[7], 'x', ref, 'l', 0, 'q',
             claim .. ':' .. token, field, '')
elseif retake then
  added = false
  kept = redis.call('HLEN', sk) - meta
  redis.call('HSET', sk, 'q', claim .. ':' .. token)
else
  c = c + 1
  added = redis.call('HEXISTS', sk, field) == 0
  kept = redis.call('HLEN', sk) - meta
  local q_field = 'l'
  if started == 2 then q_field = 'q' end
  local q_value = now - sf
  if started == 2 then q_value = claim .. ':' .. token end
  if added and kept < cap then
    redis.call('HSET', sk, 'c', c, 'l', now - sf, q_field, q_value, field, '')
    kept = kept + 1
  elseif added then
    added = false
    d = d + 1
    redis.call('HSET', sk, 'c', c, 'l', now - sf, 'd', d, q_field, q_value)
  else
    redis.call('HSET', sk, 'c', c, 'l', now - sf, q_field, q_value)
  end
end
redis.call('PEXPIRE', sk, storm_ttl)
local rc, rf = 1, now
if retake then
  rc, rf = tonumber(e[1]), tonumber(e[2])
else
  redis.call('HSET', dk, 'c', 1, 'f', now, 'l', 0, 's', now - sf)
  redis.call('PEXPIRE', dk, dedup_ttl)
end
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
return {2, rc, rf, now, sf, started, c, d, now - sf, ref, kept, mode, names, claim, held}
)lua";

// The atomic step's Lua text: the template with kStormMetaFields written in.
inline std::string SignalScript() {
  std::string text(kSignalScriptTemplate);
  text.replace(text.find(kStormMetaFieldsToken), kStormMetaFieldsToken.size(),
               std::to_string(kStormMetaFields));
  return text;
}

// Settles a claim. KEYS[1] the hash; ARGV: field (p or q), the claim ("<deadline>:<token>"),
// "confirm" (the sink took the create: the field goes) or "release" (it did not: "0:", expired, the
// next signal creates). Returns 1, or 0 when the claim is no longer the caller's (expired and taken
// over).
inline constexpr const char kClaimScript[] = R"lua(#!lua
if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then return 0 end
if ARGV[3] == 'confirm' then
  redis.call('HDEL', KEYS[1], ARGV[1])
else
  redis.call('HSET', KEYS[1], ARGV[1], '0:')
end
return 1
)lua";

}  // namespace signal_gateway

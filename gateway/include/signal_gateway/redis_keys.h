// The Redis key layout of the gateway. Every key starts with "gateway:" and has a TTL.
//
//   gateway:dedup:{<tag>}:<fingerprint>  hash  c=count, f=first seen (epoch ms),
//                                              l=last seen - f (ms), [s=f - storm start (ms)]
//   gateway:storm:{<tag>}                hash  n=signals in the window, and once in a storm:
//                                              f=storm start (epoch ms), l=last - f (ms),
//                                              c=aggregated alerts, d=dropped resources,
//                                              p=pattern, x=first resource ("Kind/Name"),
//                                              + one field per affected resource, front-coded
//                                              against x (see FrontCode), value ""
//   gateway:rate:<ip>                    string  requests in the current fixed window
//
// <tag> = first 16 hex digits of SHA-256("alertname:namespace"): fixed-length keys whatever the
// names (memory is predictable), no '{' or '}' from label values breaking the hash tag, and all
// keys of one signal in one Redis Cluster slot. The window counter and the storm record share one
// hash: its TTL is the window before the storm and the storm TTL during it. Timestamps are stored
// as offsets so that small hashes stay in Redis' compact listpack encoding (see GATEWAY-DESIGN in
// the README and bench/gateway for the measured bytes).
#pragma once

#include <string>
#include <string_view>

#include "signal_gateway/signal.h"

namespace signal_gateway {

inline constexpr std::string_view kKeyPrefix = "gateway:";
inline constexpr std::string_view kDedupPrefix = "gateway:dedup:";
inline constexpr std::string_view kStormPrefix = "gateway:storm:";
inline constexpr std::string_view kRatePrefix = "gateway:rate:";

// Largest value Redis keeps in a listpack hash by default (hash-max-listpack-value).
inline constexpr std::size_t kMaxCompactField = 64;
// Non-resource fields of a storm hash (n, f, l, c, d, p, x; one more, q, while the storm's create
// claim is unconfirmed). The Lua step gets this number from here (signal_script.h SignalScript).
inline constexpr int kStormMetaFields = 7;

struct SignalKeys {
  std::string tag;    // 16 hex digits
  std::string dedup;  // gateway:dedup:{tag}:fingerprint
  std::string storm;  // gateway:storm:{tag}
};

std::string StormTag(std::string_view ns, std::string_view alertname);
SignalKeys KeysFor(const Signal& signal);
SignalKeys KeysFor(std::string_view ns, std::string_view alertname, std::string_view fingerprint);
std::string RateKey(std::string_view remote_ip);

// "<alertname> in <namespace>".
std::string StormPattern(std::string_view alertname, std::string_view ns);

// "Kind/Name" of a resource as kept in a storm; longer than kMaxCompactField it is shortened to
// 47 bytes + "~" + 16 hex digits of its SHA-256 (still unique, still listpack-sized).
std::string ResourceField(const Resource& resource);

// Front coding of storm resources (mirrors the Lua of the signal script): a resource sharing at
// least 4 leading bytes with the storm's first resource `reference` is stored as
// "\x01" + <one byte: shared length> + <the rest>; others are stored as they are. Deployment pods
// of one storm share "Pod/<deployment>-<hash>-", so each costs ~11 bytes instead of ~26: a storm
// of 15 pods stays under 512 bytes, a capped storm of 100 under 2 KB.
std::string FrontCode(std::string_view field, std::string_view reference);
std::string FrontDecode(std::string_view coded, std::string_view reference);

}  // namespace signal_gateway

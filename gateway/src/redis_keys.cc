#include "signal_gateway/redis_keys.h"

#include <algorithm>

#include "signal_gateway/fingerprint.h"

namespace signal_gateway {

std::string StormTag(std::string_view ns, std::string_view alertname) {
  std::string input;
  input.reserve(alertname.size() + 1 + ns.size());
  input.append(alertname).append(":").append(ns);
  return Sha256Hex(input).substr(0, 16);
}

SignalKeys KeysFor(std::string_view ns, std::string_view alertname, std::string_view fingerprint) {
  SignalKeys keys;
  keys.tag = StormTag(ns, alertname);
  keys.dedup.reserve(kDedupPrefix.size() + keys.tag.size() + 3 + fingerprint.size());
  keys.dedup.append(kDedupPrefix).append("{").append(keys.tag).append("}:").append(fingerprint);
  keys.storm.append(kStormPrefix).append("{").append(keys.tag).append("}");
  return keys;
}

SignalKeys KeysFor(const Signal& signal) {
  return KeysFor(signal.StateNamespace(), signal.alertname, signal.fingerprint);
}

std::string RateKey(std::string_view remote_ip) {
  return std::string(kRatePrefix) + std::string(remote_ip);
}

std::string StormPattern(std::string_view alertname, std::string_view ns) {
  return std::string(alertname) + " in " + std::string(ns);
}

std::string ResourceField(const Resource& resource) {
  std::string field = resource.kind + "/" + resource.name;
  if (field.size() > kMaxCompactField) {
    field = field.substr(0, 47) + "~" + Sha256Hex(field).substr(0, 16);
  }
  return field;
}

std::string FrontCode(std::string_view field, std::string_view reference) {
  const std::size_t limit = std::min({field.size(), reference.size(), std::size_t{255}});
  std::size_t shared = 0;
  while (shared < limit && field[shared] == reference[shared]) ++shared;
  // A field that itself starts with \x01 is always coded, so that decoding is never ambiguous.
  if (shared < 4 && (field.empty() || field[0] != '\x01')) return std::string(field);
  std::string coded = "\x01";
  coded.push_back(static_cast<char>(static_cast<unsigned char>(shared)));
  coded.append(field.substr(shared));
  return coded;
}

std::string FrontDecode(std::string_view coded, std::string_view reference) {
  if (coded.size() < 2 || coded[0] != '\x01') return std::string(coded);
  const std::size_t shared = static_cast<unsigned char>(coded[1]);
  return std::string(reference.substr(0, shared)) + std::string(coded.substr(2));
}

}  // namespace signal_gateway

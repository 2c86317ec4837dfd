#include "signal_gateway/redis_keys.h"

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
  return KeysFor(signal.ns, signal.alertname, signal.fingerprint);
}

std::string RateKey(std::string_view remote_ip) {
  return std::string(kRatePrefix) + std::string(remote_ip);
}

std::string StormPattern(std::string_view alertname, std::string_view ns) {
  return std::string(alertname) + " in " + std::string(ns);
}

std::string EncodeResourceField(const Resource& resource) {
  std::string field;
  // A bare Pod name must not look like a meta field (one character) or contain the separator.
  if (resource.kind == "Pod" && resource.name.size() > 1 &&
      resource.name.find('/') == std::string::npos) {
    field = resource.name;
  } else {
    field = resource.kind + "/" + resource.name;
  }
  if (field.size() > kMaxCompactField) {
    field = field.substr(0, 47) + "~" + Sha256Hex(field).substr(0, 16);
  }
  return field;
}

std::string DecodeResourceField(std::string_view field) {
  if (field.find('/') == std::string_view::npos) return "Pod/" + std::string(field);
  return std::string(field);
}

}  // namespace signal_gateway

#include "signal_gateway/priority.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace signal_gateway {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string Normalise(std::string_view value) {
  std::string v = Lower(value);
  if (v == "prod" || v == "production" || v == "prd") return "production";
  if (v == "staging" || v == "stage" || v == "stg") return "staging";
  if (v == "dev" || v == "development") return "development";
  return v;
}

// "prod-api" starts with the word "prod"; "products" does not.
bool StartsWithWord(std::string_view ns, std::string_view word) {
  if (ns.size() < word.size() || ns.substr(0, word.size()) != word) return false;
  if (ns.size() == word.size()) return true;
  const char next = ns[word.size()];
  return next == '-' || next == '_' || next == '.';
}

}  // namespace

std::string ResolveEnvironment(std::string_view ns, std::string_view label,
                               const std::map<std::string, std::string>& namespace_environments) {
  if (!label.empty()) return Normalise(label);
  if (auto it = namespace_environments.find(std::string(ns)); it != namespace_environments.end()) {
    return Normalise(it->second);
  }
  const std::string lower = Lower(ns);
  struct Prefix {
    std::string_view word;
    std::string_view environment;
  };
  static constexpr std::array<Prefix, 7> kPrefixes = {{{"production", "production"},
                                                       {"prod", "production"},
                                                       {"staging", "staging"},
                                                       {"stage", "staging"},
                                                       {"development", "development"},
                                                       {"dev", "development"},
                                                       {"stg", "staging"}}};
  for (const Prefix& prefix : kPrefixes) {
    if (StartsWithWord(lower, prefix.word)) return std::string(prefix.environment);
  }
  return "unknown";
}

std::string PriorityFor(std::string_view severity, std::string_view environment) {
  const bool production = environment == "production";
  if (severity == "critical") return production ? "P0" : "P1";
  if (severity == "warning" && production) return "P1";
  return "P2";
}

}  // namespace signal_gateway

// Fill options from text (layouts, "90%") and the FillResult as text and JSON (see fill.h).
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "redis_testkit/cleanup/leak_classifier.h"
#include "redis_testkit/config.h"
#include "redis_testkit/ops/fill.h"

namespace redis_testkit::ops {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string Fixed(double value, int decimals) {
  char text[32];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

[[noreturn]] void BadFraction(std::string_view text, const std::string& why) {
  throw std::invalid_argument("fill: target '" + std::string(text) + "' " + why +
                              "; give a share of maxmemory in (0, 1] or (0%, 100%], e.g. 90% or "
                              "0.9");
}

}  // namespace

const char* ToString(FillLayout layout) {
  switch (layout) {
    case FillLayout::kStrings:
      return "strings";
    case FillLayout::kStream:
      return "stream";
    case FillLayout::kList:
      return "list";
    case FillLayout::kHash:
      return "hash";
  }
  return "?";
}

FillLayout ParseFillLayout(std::string_view text) {
  const std::string lower = Lower(text);
  for (FillLayout layout :
       {FillLayout::kStrings, FillLayout::kStream, FillLayout::kList, FillLayout::kHash}) {
    if (lower == ToString(layout)) return layout;
  }
  throw std::invalid_argument("fill: unknown layout '" + std::string(text) +
                              "'; use strings, stream, list or hash");
}

double ParseFillFraction(std::string_view text) {
  const bool percent = !text.empty() && text.back() == '%';
  const std::string_view number = percent ? text.substr(0, text.size() - 1) : text;
  double value = 0;
  const auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (number.empty() || error != std::errc() || end != number.data() + number.size()) {
    BadFraction(text, "is not a number");
  }
  if (percent) value /= 100.0;
  if (!(value > 0.0)) BadFraction(text, "is not above 0");
  if (value > 1.0) {
    BadFraction(text,
                "is above 100% of maxmemory: a fill cannot go beyond maxmemory without OOM "
                "rejections or evictions");
  }
  return value;
}

std::string_view FillKeyPrefix() { return cleanup::kFillKeyPrefix; }

std::string FillResult::ToText(std::string_view server) const {
  std::string text =
      "filled " + (server.empty() ? std::string("the server") : std::string(server)) + " to " +
      Fixed(fraction_after * 100, 1) + "% of maxmemory " + FormatMemorySize(maxmemory) + " (" +
      maxmemory_policy + "; target " + Fixed(target_fraction * 100, 1) + "%, was " +
      Fixed(fraction_before * 100, 1) + "%)\n";
  text += "  layout " + layout + ": " + std::to_string(keys_written) + " keys, " +
          std::to_string(entries_written) + " entries, " + std::to_string(bytes_written) +
          " value bytes, keys " + key_prefix + "*\n";
  text += "  used_memory " + std::to_string(used_memory_before) + " -> " +
          std::to_string(used_memory_after) + " bytes in " + std::to_string(batches) +
          " batches, " + Fixed(static_cast<double>(elapsed.count()) / 1000.0, 1) + " ms\n";
  text += "  OOM rejections " + std::to_string(oom_rejections) + ", evicted keys " +
          std::to_string(evicted_keys) + "\n";
  return text;
}

std::string FillResult::ToJson(std::string_view server) const {
  const nlohmann::json json = {
      {"server", std::string(server)},
      {"layout", layout},
      {"key_prefix", key_prefix},
      {"keys_written", keys_written},
      {"entries_written", entries_written},
      {"bytes_written", bytes_written},
      {"used_memory_before", used_memory_before},
      {"used_memory_after", used_memory_after},
      {"maxmemory", maxmemory},
      {"maxmemory_policy", maxmemory_policy},
      {"target_fraction", target_fraction},
      {"fraction_before", fraction_before},
      {"fraction_after", fraction_after},
      {"batches", batches},
      {"oom_rejections", oom_rejections},
      {"evicted_keys", evicted_keys},
      {"elapsed_ms", static_cast<double>(elapsed.count()) / 1000.0},
  };
  return json.dump(2) + "\n";
}

}  // namespace redis_testkit::ops

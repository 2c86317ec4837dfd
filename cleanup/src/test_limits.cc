// TestLimits: forbidden commands and the largest key a test may leave (see test_limits.h).
#include "redis_testkit/cleanup/test_limits.h"

#include <algorithm>
#include <cctype>
#include <utility>

#include "redis_testkit/cleanup/format_units.h"
#include "redis_testkit/config.h"

namespace redis_testkit::cleanup {
namespace {

constexpr std::size_t kMaxListedKeys = 20;

// "Config Set" / "CONFIG|SET" -> "config|set".
std::string Normalise(std::string_view name) {
  std::string out;
  for (const char c : name) {
    if (c == ' ' || c == '\t') {
      if (!out.empty() && out.back() != '|') out += '|';
      continue;
    }
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  while (!out.empty() && out.back() == '|') out.pop_back();
  return out;
}

std::string Upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  std::replace(text.begin(), text.end(), '|', ' ');
  return text;
}

}  // namespace

TestLimits::TestLimits(const std::vector<std::string>& forbidden, long long max_key_bytes)
    : max_key_bytes_(max_key_bytes) {
  for (const std::string& name : forbidden) {
    std::string normalised = Normalise(name);
    if (!normalised.empty()) forbidden_.push_back(std::move(normalised));
  }
}

bool TestLimits::Forbids(std::string_view command) const {
  return std::any_of(forbidden_.begin(), forbidden_.end(), [&](const std::string& name) {
    return command == name || (command.starts_with(name) && command.size() > name.size() &&
                               command[name.size()] == '|');
  });
}

std::vector<std::string> TestLimits::ForbiddenRun(
    const std::vector<CommandFigures>& commands) const {
  std::vector<std::string> out;
  for (const CommandFigures& figures : commands) {
    if (figures.calls <= 0 || !Forbids(figures.command)) continue;
    out.push_back(Upper(figures.command) + " (" + std::to_string(figures.calls) +
                  (figures.calls == 1 ? " call)" : " calls)"));
  }
  return out;
}

std::vector<LeakedKey> TestLimits::Oversized(const std::vector<LeakedKey>& keys) const {
  std::vector<LeakedKey> out;
  if (max_key_bytes_ <= 0) return out;
  for (const LeakedKey& key : keys) {
    if (key.bytes > max_key_bytes_) out.push_back(key);
  }
  std::sort(out.begin(), out.end(),
            [](const LeakedKey& a, const LeakedKey& b) { return a.bytes > b.bytes; });
  return out;
}

void TestLimits::Judge(TestRecord& record) const {
  std::string message;
  const std::vector<std::string> forbidden = ForbiddenRun(record.commands);
  if (!forbidden.empty()) {
    message += "this test ran a command forbidden by REDIS_TESTKIT_FORBID_COMMANDS:";
    for (const std::string& run : forbidden) message += " " + run;
    message +=
        ". Replace it (KEYS: SCAN with MATCH; FLUSHALL/FLUSHDB: the kit flushes between tests) "
        "or remove it from REDIS_TESTKIT_FORBID_COMMANDS.";
  }
  if (!record.oversized_keys.empty()) {
    if (!message.empty()) message += "\n";
    message +=
        "this test left " + std::to_string(record.oversized_keys.size()) +
        " key(s) larger than REDIS_TESTKIT_MAX_KEY_BYTES=" + FormatMemorySize(max_key_bytes_) + ":";
    for (std::size_t i = 0; i < record.oversized_keys.size() && i < kMaxListedKeys; ++i) {
      const LeakedKey& key = record.oversized_keys[i];
      message += (i == 0 ? " " : ", ") + key.key + " (" + key.type + ", " +
                 std::to_string(key.bytes) + " bytes, db " + std::to_string(key.db) + ")";
    }
    message +=
        ". Store less per key (split the value, keep only what is read), or raise the limit.";
  }
  if (message.empty()) return;
  record.verdict.failed = true;
  record.verdict.message =
      record.verdict.message.empty() ? message : record.verdict.message + "\n" + message;
}

}  // namespace redis_testkit::cleanup

// Key pattern generalisation (see key_pattern.h for the rules).
#include "redis_testkit/cleanup/key_pattern.h"

#include <algorithm>
#include <utility>

namespace redis_testkit::cleanup {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsLetter(char c) { return IsLower(c) || IsUpper(c); }
bool IsHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool IsPartSeparator(char c) { return c == '-' || c == '_' || c == '.' || c == ','; }

// n digits at s[pos...]; false when the text is shorter.
bool Digits(std::string_view s, std::size_t pos, std::size_t n) {
  if (pos + n > s.size()) return false;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (!IsDigit(s[i])) return false;
  }
  return true;
}

// Length of an ISO-8601 date or date-time starting at s[pos] (0 when there is none):
// YYYY-MM-DD[(T| )HH:MM[:SS[(.|,)fraction]][Z|(+|-)HH[:]MM]].
std::size_t MatchIsoTime(std::string_view s, std::size_t pos) {
  if (!Digits(s, pos, 4) || pos + 10 > s.size() || s[pos + 4] != '-' || !Digits(s, pos + 5, 2) ||
      s[pos + 7] != '-' || !Digits(s, pos + 8, 2)) {
    return 0;
  }
  std::size_t end = pos + 10;
  if (end + 6 <= s.size() && (s[end] == 'T' || s[end] == ' ') && Digits(s, end + 1, 2) &&
      s[end + 3] == ':' && Digits(s, end + 4, 2)) {
    end += 6;
    if (end + 3 <= s.size() && s[end] == ':' && Digits(s, end + 1, 2)) {
      end += 3;
      if (end + 1 < s.size() && (s[end] == '.' || s[end] == ',') && IsDigit(s[end + 1])) {
        ++end;
        while (end < s.size() && IsDigit(s[end])) ++end;
      }
    }
    if (end < s.size() && s[end] == 'Z') {
      ++end;
    } else if (end < s.size() && (s[end] == '+' || s[end] == '-') && Digits(s, end + 1, 2)) {
      std::size_t zone = end + 3;
      if (zone < s.size() && s[zone] == ':') ++zone;
      if (Digits(s, zone, 2)) end = zone + 2;
    }
  }
  return end - pos;
}

// 20240501T120000Z or 20240501T1200 (basic ISO format, no ':' at all).
bool IsCompactIsoTime(std::string_view t) {
  if (t.size() < 13 || !Digits(t, 0, 8) || t[8] != 'T') return false;
  std::size_t end = t.size();
  if (t.back() == 'Z') --end;
  const std::size_t time_digits = end - 9;
  return (time_digits == 4 || time_digits == 6) && Digits(t, 9, time_digits);
}

bool IsNumber(std::string_view t) {
  std::size_t i = 0;
  if (i < t.size() && (t[i] == '-' || t[i] == '+')) ++i;
  const std::size_t int_start = i;
  while (i < t.size() && IsDigit(t[i])) ++i;
  if (i == int_start) return false;
  if (i < t.size() && t[i] == '.') {
    const std::size_t frac_start = ++i;
    while (i < t.size() && IsDigit(t[i])) ++i;
    if (i == frac_start) return false;
  }
  return i == t.size();
}

bool IsUuid(std::string_view t) {
  if (t.size() != 36) return false;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const bool dash_position = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash_position ? t[i] != '-' : !IsHex(t[i])) return false;
  }
  return true;
}

// >= 8 hex characters; a run without digits must be >= 16 long ("deadbeef", "facade" are words).
bool IsHexId(std::string_view t) {
  if (t.size() < 8) return false;
  bool digit = false;
  for (char c : t) {
    if (!IsHex(c)) return false;
    digit = digit || IsDigit(c);
  }
  return digit || t.size() >= 16;
}

// > 20 characters of the base64 / base64url / base32 alphabets that look random: letters and
// digits, and the character class (lower, upper, digit) changes at least every 4 characters on
// average. "HighCPUUtilizationAlert2024" (5 changes in 27) is a name, not an id.
bool IsBase64Id(std::string_view t) {
  if (t.size() <= 20) return false;
  int digits = 0;
  int letters = 0;
  int changes = 0;
  int previous_class = -1;
  for (char c : t) {
    int cls = -1;
    if (IsLower(c)) {
      cls = 0;
    } else if (IsUpper(c)) {
      cls = 1;
    } else if (IsDigit(c)) {
      cls = 2;
    } else if (c != '+' && c != '/' && c != '=' && c != '-' && c != '_') {
      return false;
    }
    if (cls < 0) continue;
    (cls == 2 ? digits : letters) += 1;
    if (previous_class >= 0 && cls != previous_class) ++changes;
    previous_class = cls;
  }
  return digits > 0 && letters > 0 && static_cast<std::size_t>(changes) * 4 >= t.size();
}

// "item12345" -> "item*": a word followed by >= 4 digits (a counter), but not "sha256" or "v2".
// "item12345" -> "item*": a word followed by >= 4 digits (a counter), but not "sha256" or "v2".
void AppendPart(std::string& out, std::string_view part) {
  if (part.empty()) return;
  if (IsVolatileToken(part)) {
    out += '*';
    return;
  }
  std::size_t letters = 0;
  while (letters < part.size() && IsLetter(part[letters])) ++letters;
  if (letters > 0 && part.size() - letters >= 4 && Digits(part, letters, part.size() - letters)) {
    out.append(part.substr(0, letters));
    out += '*';
    return;
  }
  out.append(part);
}

// A segment without hash tag: whole, then part by part.
void AppendParts(std::string& out, std::string_view segment) {
  if (segment.empty()) return;
  if (IsVolatileToken(segment)) {
    out += '*';
    return;
  }
  std::size_t start = 0;
  for (std::size_t i = 0; i <= segment.size(); ++i) {
    if (i == segment.size() || IsPartSeparator(segment[i])) {
      AppendPart(out, segment.substr(start, i - start));
      if (i < segment.size()) out += segment[i];
      start = i + 1;
    }
  }
}

// Calls visit(segment) for each segment of `key` (see SplitKeySegments) until it returns false.
template <typename Visit>
void ForEachSegment(std::string_view key, Visit&& visit) {
  std::size_t start = 0;
  std::size_t i = 0;
  while (i < key.size()) {
    if (i == start) {
      const std::size_t time = MatchIsoTime(key, i);
      if (time > 0 && (i + time == key.size() || key[i + time] == ':')) {
        i += time;
        continue;
      }
    }
    if (key[i] == '{') {
      const std::size_t close = key.find('}', i + 1);
      if (close != std::string_view::npos) {
        i = close + 1;
        continue;
      }
    }
    if (key[i] == ':') {
      if (!visit(key.substr(start, i - start))) return;
      start = i + 1;
    }
    ++i;
  }
  visit(key.substr(start));
}

void AppendSegment(std::string& out, std::string_view segment);

// Segments joined with ':' (a key, or the inside of a hash tag).
void AppendSegments(std::string& out, std::string_view text) {
  bool first = true;
  ForEachSegment(text, [&](std::string_view segment) {
    if (!first) out += ':';
    first = false;
    AppendSegment(out, segment);
    return true;
  });
}

void AppendSegment(std::string& out, std::string_view segment) {
  const std::size_t open = segment.find('{');
  const std::size_t close = open == std::string_view::npos ? open : segment.find('}', open + 1);
  if (close == std::string_view::npos) {
    AppendParts(out, segment);
    return;
  }
  AppendParts(out, segment.substr(0, open));
  out += '{';
  AppendSegments(out, segment.substr(open + 1, close - open - 1));
  out += '}';
  AppendSegment(out, segment.substr(close + 1));
}

}  // namespace

std::vector<std::string_view> SplitKeySegments(std::string_view key) {
  std::vector<std::string_view> segments;
  ForEachSegment(key, [&](std::string_view segment) {
    segments.push_back(segment);
    return true;
  });
  return segments;
}

bool IsVolatileToken(std::string_view token) {
  return IsNumber(token) || IsUuid(token) || IsHexId(token) ||
         (MatchIsoTime(token, 0) == token.size() && !token.empty()) || IsCompactIsoTime(token) ||
         IsBase64Id(token);
}

std::string GeneralizeSegment(std::string_view segment) {
  std::string out;
  out.reserve(segment.size());
  AppendSegment(out, segment);
  return out;
}

std::string GeneralizeKey(std::string_view key) {
  std::string out;
  out.reserve(key.size());
  AppendSegments(out, key);
  return out;
}

std::string KeyPrefix(std::string_view key) {
  std::string_view first;
  ForEachSegment(key, [&](std::string_view segment) {
    first = segment;
    return false;
  });
  return GeneralizeSegment(first);
}

void PatternGrouper::Add(const LeakedKey& key) {
  auto [it, inserted] = index_.try_emplace(GeneralizeKey(key.key), groups_.size());
  if (inserted) {
    groups_.emplace_back();
    groups_.back().pattern = it->first;
  }
  PatternGroup& group = groups_[it->second];
  ++group.count;
  group.bytes += key.bytes;
  if (!key.HasTtl()) ++group.no_ttl;
  if (group.samples.size() < PatternGroup::kMaxSamples) group.samples.push_back(key.key);
}

std::vector<PatternGroup> PatternGrouper::Finish() {
  std::vector<PatternGroup> groups = std::move(groups_);
  groups_.clear();
  index_.clear();
  std::sort(groups.begin(), groups.end(), [](const PatternGroup& a, const PatternGroup& b) {
    if (a.bytes != b.bytes) return a.bytes > b.bytes;
    if (a.count != b.count) return a.count > b.count;
    return a.pattern < b.pattern;
  });
  return groups;
}

std::vector<PatternGroup> GroupByPattern(const std::vector<LeakedKey>& keys) {
  PatternGrouper grouper;
  for (const LeakedKey& key : keys) grouper.Add(key);
  return grouper.Finish();
}

}  // namespace redis_testkit::cleanup

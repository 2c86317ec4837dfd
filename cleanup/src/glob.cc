// A faithful port of Redis 7.0 stringmatchlen_impl() (util.c), bounds-checked for string_view
// (the C original reads the terminating NUL in two places).
#include "redis_testkit/cleanup/glob.h"

#include <cctype>

namespace redis_testkit::cleanup {
namespace {

int Lower(unsigned char c) { return std::tolower(c); }

bool Same(unsigned char a, unsigned char b, bool nocase) {
  return nocase ? Lower(a) == Lower(b) : a == b;
}

// skip_longer: once a '*' found no match for the rest of the pattern anywhere in the rest of the
// text, earlier '*' cannot help either (Redis' skipLongerMatches). nesting: Redis' recursion cap.
bool Match(const unsigned char* pattern, long pattern_len, const unsigned char* text, long text_len,
           bool nocase, bool& skip_longer, int nesting) {
  if (nesting > 1000) return false;  // Redis 7.0.9+: guard against pathological patterns
  while (pattern_len > 0 && text_len > 0) {
    switch (pattern[0]) {
      case '*':
        while (pattern_len > 1 && pattern[1] == '*') {
          ++pattern;
          --pattern_len;
        }
        if (pattern_len == 1) return true;
        while (text_len > 0) {
          if (Match(pattern + 1, pattern_len - 1, text, text_len, nocase, skip_longer,
                    nesting + 1)) {
            return true;
          }
          if (skip_longer) return false;
          ++text;
          --text_len;
        }
        skip_longer = true;
        return false;
      case '?':
        ++text;
        --text_len;
        break;
      case '[': {
        ++pattern;
        --pattern_len;
        const bool negate = pattern_len > 0 && pattern[0] == '^';
        if (negate) {
          ++pattern;
          --pattern_len;
        }
        bool matched = false;
        while (true) {
          if (pattern_len == 0) {  // unclosed class: stop at the end of the pattern
            --pattern;
            ++pattern_len;
            break;
          }
          if (pattern[0] == '\\' && pattern_len >= 2) {
            ++pattern;
            --pattern_len;
            if (pattern[0] == text[0]) matched = true;
          } else if (pattern[0] == ']') {
            break;
          } else if (pattern_len >= 3 && pattern[1] == '-') {
            int start = pattern[0];
            int end = pattern[2];
            int c = text[0];
            if (start > end) {
              const int t = start;
              start = end;
              end = t;
            }
            if (nocase) {
              start = Lower(static_cast<unsigned char>(start));
              end = Lower(static_cast<unsigned char>(end));
              c = Lower(static_cast<unsigned char>(c));
            }
            pattern += 2;
            pattern_len -= 2;
            if (c >= start && c <= end) matched = true;
          } else if (Same(pattern[0], text[0], nocase)) {
            matched = true;
          }
          ++pattern;
          --pattern_len;
        }
        if (negate) matched = !matched;
        if (!matched) return false;
        ++text;
        --text_len;
        break;
      }
      case '\\':
        if (pattern_len >= 2) {
          ++pattern;
          --pattern_len;
        }
        [[fallthrough]];
      default:
        if (!Same(pattern[0], text[0], nocase)) return false;
        ++text;
        --text_len;
        break;
    }
    ++pattern;
    --pattern_len;
    if (text_len == 0) {
      while (pattern_len > 0 && pattern[0] == '*') {
        ++pattern;
        --pattern_len;
      }
      break;
    }
  }
  return pattern_len == 0 && text_len == 0;
}

}  // namespace

bool GlobMatch(std::string_view pattern, std::string_view text, bool nocase) {
  bool skip_longer = false;
  return Match(reinterpret_cast<const unsigned char*>(pattern.data()),
               static_cast<long>(pattern.size()),
               reinterpret_cast<const unsigned char*>(text.data()), static_cast<long>(text.size()),
               nocase, skip_longer, 0);
}

}  // namespace redis_testkit::cleanup

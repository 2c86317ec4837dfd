// Redis glob matching (the MATCH / KEYS syntax), a port of stringmatchlen() of Redis 7.0:
//   *  any run of characters      ?  one character        \x  the character x itself
//   [abc] one of   [^abc] none of   [a-z] a range (bounds may be reversed)   [\]] an escaped ]
// An unclosed '[' matches like Redis does (the class ends at the end of the pattern).
#pragma once

#include <string_view>

namespace redis_testkit::cleanup {

bool GlobMatch(std::string_view pattern, std::string_view text, bool nocase = false);

}  // namespace redis_testkit::cleanup

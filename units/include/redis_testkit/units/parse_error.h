// The one error of the units library: a text that is not a size or a duration.
#pragma once

#include <stdexcept>
#include <string>

namespace redis_testkit::units {

// what(): "\"<text>\" is not a byte size; use ..." (the text quoted, then the accepted forms).
// Callers put the setting's name in front: REDIS_TESTKIT_MAXMEMORY="lots" is not a byte size; ...
class ParseError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

}  // namespace redis_testkit::units

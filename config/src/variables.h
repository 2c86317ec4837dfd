// The table of REDIS_TESTKIT_* variables (private): documentation and parser side by side, so a
// variable cannot be read without being documented.
#pragma once

#include <string_view>
#include <vector>

#include "redis_testkit/config.h"

namespace redis_testkit::internal {

struct VariableSpec {
  VariableDoc doc;
  // Parses a set, non-empty value into `config`; throws ConfigError naming doc.name.
  void (*apply)(std::string_view name, std::string_view value, Config& config);
};

const std::vector<VariableSpec>& VariableSpecs();

}  // namespace redis_testkit::internal

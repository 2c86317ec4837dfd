// The external runtime: a Redis someone else runs (REDIS_TESTKIT_URL). Nothing is started or
// stopped; Start() only checks that it answers PING within the startup timeout.
#pragma once

#include <memory>

#include "instance.h"

namespace redis_testkit::containers::internal {

class ExternalRuntime {
 public:
  // Throws ConfigError for a URL that does not parse (naming REDIS_TESTKIT_URL) and StartError
  // when the server does not answer.
  std::unique_ptr<Instance> Start(const ServerConfig& config);
};

}  // namespace redis_testkit::containers::internal

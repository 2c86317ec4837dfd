// `redis-testkit load`: placeholder until the load area of redis_testkit::ops lands.
#include <stdexcept>

#include "commands.h"

namespace redis_testkit::cli {
namespace {

int Run(Arguments& /*args*/) { throw std::runtime_error("load: not built yet"); }

}  // namespace

const Subcommand kLoadCommand{"load", "(not built yet)", "Usage: redis-testkit load\n", Run};

}  // namespace redis_testkit::cli

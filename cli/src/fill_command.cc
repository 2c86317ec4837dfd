// `redis-testkit fill`: placeholder until the fill area of redis_testkit::ops lands.
#include <stdexcept>

#include "commands.h"

namespace redis_testkit::cli {
namespace {

int Run(Arguments& /*args*/) { throw std::runtime_error("fill: not built yet"); }

}  // namespace

const Subcommand kFillCommand{"fill", "(not built yet)", "Usage: redis-testkit fill\n", Run};

}  // namespace redis_testkit::cli

// `redis-testkit audit`: placeholder until the audit area of redis_testkit::ops lands.
#include <stdexcept>

#include "commands.h"

namespace redis_testkit::cli {
namespace {

int Run(Arguments& /*args*/) { throw std::runtime_error("audit: not built yet"); }

}  // namespace

const Subcommand kAuditCommand{"audit", "(not built yet)", "Usage: redis-testkit audit\n", Run};

}  // namespace redis_testkit::cli

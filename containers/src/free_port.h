// A free TCP port on 127.0.0.1 for a server about to start (process and container runtimes).
#pragma once

namespace redis_testkit::containers::internal {

// Binds 127.0.0.1:0, reads the port the kernel chose, closes. Another process may take it before
// the server binds it, so callers retry on "address already in use". Throws std::system_error.
int PickFreePort();

}  // namespace redis_testkit::containers::internal

// The process runtime's record of one redis-server: <StateDir>/<name>.json, written atomically.
// It lets `redis-testkit stop` find a detached server, and the sweep kill a server whose owner
// died.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "process_identity.h"

namespace redis_testkit::containers::internal {

struct ProcessRecord {
  std::string name;
  ProcessIdentity server;
  int port = 0;
  std::string dir;  // the server's working directory, holds redis.log
  bool detached = false;
  ProcessIdentity owner;  // unset (pid 0) when detached
  // The redis-server command line (binary first): what Launch() runs again after a Kill() or
  // Shutdown(), same port and --dir. Empty in records of older versions.
  std::vector<std::string> argv;

  static std::string PathFor(const std::string& name);  // <StateDir>/<name>.json
  // std::nullopt when missing or unreadable (e.g. being written).
  static std::optional<ProcessRecord> Load(const std::string& path);
  static std::vector<std::string> AllPaths();  // every *.json in StateDir()
  // Writes PathFor(name) via a temporary file + rename. Throws std::runtime_error.
  void Save() const;
  // Removes the record and `dir`; never throws.
  void Remove() const noexcept;
};

}  // namespace redis_testkit::containers::internal

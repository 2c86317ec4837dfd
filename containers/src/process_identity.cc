#include "process_identity.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace redis_testkit::containers::internal {
namespace {

struct StatFields {
  char state = '?';
  unsigned long long start_time = 0;
};

// /proc/PID/stat is "pid (comm) state ppid ..."; comm may hold spaces and ')', so fields are
// counted from the last ')'. state is field 3, starttime field 22.
std::optional<StatFields> ReadStat(pid_t pid) {
  std::ifstream file("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!file || !std::getline(file, line)) return std::nullopt;
  const std::size_t paren = line.rfind(')');
  if (paren == std::string::npos) return std::nullopt;
  std::istringstream rest(line.substr(paren + 1));
  StatFields fields;
  std::string skip;
  rest >> fields.state;
  for (int field = 4; field < 22 && rest; ++field) rest >> skip;
  rest >> fields.start_time;
  if (!rest) return std::nullopt;
  return fields;
}

}  // namespace

std::optional<ProcessIdentity> IdentifyProcess(pid_t pid) {
  if (pid <= 0) return std::nullopt;
  const std::optional<StatFields> fields = ReadStat(pid);
  if (!fields || fields->state == 'Z' || fields->state == 'X') return std::nullopt;
  return ProcessIdentity{pid, fields->start_time};
}

bool IsAlive(const ProcessIdentity& who) {
  const std::optional<ProcessIdentity> now = IdentifyProcess(who.pid);
  return now && now->start_time == who.start_time;
}

const std::string& StateDir() {
  static const std::string dir = [] {
    std::string path = "/tmp/redis-testkit-" + std::to_string(::getuid());
    if (::mkdir(path.c_str(), 0700) != 0 && errno != EEXIST) {
      throw std::runtime_error("cannot create " + path + ": " + std::strerror(errno));
    }
    struct stat info {};
    if (::lstat(path.c_str(), &info) != 0 || !S_ISDIR(info.st_mode) || info.st_uid != ::getuid()) {
      throw std::runtime_error(path + " is not a directory owned by uid " +
                               std::to_string(::getuid()) + "; remove it");
    }
    return path;
  }();
  return dir;
}

}  // namespace redis_testkit::containers::internal

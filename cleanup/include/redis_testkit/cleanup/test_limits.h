// What a test may not do beyond leaking keys: run a forbidden command
// (REDIS_TESTKIT_FORBID_COMMANDS) or leave a key larger than REDIS_TESTKIT_MAX_KEY_BYTES. Both read
// figures the kit has already taken (the command profile; MEMORY USAGE of the keys the leak check
// inspects): no round trip of their own, on or off.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "redis_testkit/cleanup/leaked_key.h"
#include "redis_testkit/cleanup/test_record.h"

namespace redis_testkit::cleanup {

class TestLimits {
 public:
  // forbidden: command names, any case; "KEYS" also forbids its subcommands ("config" forbids
  // "config|set"), "CONFIG|SET" or "CONFIG SET" only that one. max_key_bytes: 0 = no limit.
  TestLimits(const std::vector<std::string>& forbidden, long long max_key_bytes);

  bool checks_keys() const { return max_key_bytes_ > 0; }
  long long max_key_bytes() const { return max_key_bytes_; }

  // The test's commands that are forbidden, as "KEYS (3 calls)"; empty when none.
  std::vector<std::string> ForbiddenRun(const std::vector<CommandFigures>& commands) const;
  // The keys above the limit, largest first.
  std::vector<LeakedKey> Oversized(const std::vector<LeakedKey>& keys) const;

  // Fails `record`'s verdict (adding to a failure already there) for its forbidden commands and
  // its oversized_keys, naming each with its figures and how to fix it.
  void Judge(TestRecord& record) const;

 private:
  bool Forbids(std::string_view command) const;

  std::vector<std::string> forbidden_;  // lower case, "config|set" form
  long long max_key_bytes_ = 0;
};

}  // namespace redis_testkit::cleanup

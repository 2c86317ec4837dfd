// Where a command's first key is, learned from the server's own COMMAND table (first key position,
// movablekeys flag, subcommands such as "xgroup|create"), so that the cluster client routes every
// command the server knows without a hand-written list. Private to the client.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace redis_testkit::client {
class Reply;
}

namespace redis_testkit::client::internal {

struct KeyLookup {
  enum class Kind {
    kKey,        // args[index] is the first key
    kNoKey,      // the command names no key (PING, INFO, EVAL with 0 keys, unknown commands)
    kAskServer,  // the keys move with the arguments (XREAD, ZUNION): ask COMMAND GETKEYS
  };
  Kind kind = Kind::kNoKey;
  std::size_t index = 0;
};

class CommandKeyTable {
 public:
  // Parses the reply of COMMAND (Redis >= 7: entries [name, arity, flags, first key, last key,
  // step, ..., subcommands]). Throws client::Error naming what is malformed.
  static CommandKeyTable FromCommandReply(const Reply& reply);

  KeyLookup Find(const std::vector<std::string_view>& args) const;
  std::size_t size() const { return specs_.size(); }

 private:
  struct Spec {
    long long first_key = 0;
    bool movable = false;
  };
  void Add(const Reply& entry);

  std::unordered_map<std::string, Spec> specs_;  // lower-case name or "container|sub"
};

}  // namespace redis_testkit::client::internal

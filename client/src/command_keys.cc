// The COMMAND table: first key positions.
#include "command_keys.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

#include "redis_testkit/client/errors.h"
#include "redis_testkit/client/reply.h"

namespace redis_testkit::client::internal {
namespace {

// Commands whose keys follow a numkeys argument at index 2 (COMMAND reports them as movable).
constexpr std::array<std::string_view, 6> kNumkeysAtTwo{"eval",       "evalsha", "eval_ro",
                                                        "evalsha_ro", "fcall",   "fcall_ro"};

std::string Lower(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

[[noreturn]] void Malformed(const std::string& what, const Reply& part) {
  throw Error("COMMAND: malformed reply (" + what + "): " + part.ToString().substr(0, 200));
}

}  // namespace

CommandKeyTable CommandKeyTable::FromCommandReply(const Reply& reply) {
  if (reply.type() != Reply::Type::kArray) Malformed("not an array", reply);
  CommandKeyTable table;
  for (const Reply& entry : reply.AsArray()) table.Add(entry);
  return table;
}

void CommandKeyTable::Add(const Reply& entry) {
  if (entry.type() != Reply::Type::kArray || entry.AsArray().size() < 6) {
    Malformed("an entry is not [name, arity, flags, first key, last key, step, ...]", entry);
  }
  const std::vector<Reply>& fields = entry.AsArray();
  if (fields[0].type() != Reply::Type::kString || fields[3].type() != Reply::Type::kInteger ||
      fields[2].type() != Reply::Type::kArray) {
    Malformed("name, flags or first key of the wrong type", entry);
  }
  Spec spec;
  spec.first_key = fields[3].AsInteger();
  for (const Reply& flag : fields[2].AsArray()) {
    if (!flag.IsNil() && flag.type() != Reply::Type::kArray && flag.AsString() == "movablekeys") {
      spec.movable = true;
    }
  }
  specs_[Lower(fields[0].AsString())] = spec;
  if (fields.size() > 9 && fields[9].type() == Reply::Type::kArray) {
    for (const Reply& sub : fields[9].AsArray()) Add(sub);
  }
}

KeyLookup CommandKeyTable::Find(const std::vector<std::string_view>& args) const {
  if (args.empty()) return {};
  const std::string name = Lower(args[0]);
  auto found = specs_.end();
  if (args.size() > 1) found = specs_.find(name + "|" + Lower(args[1]));
  if (found == specs_.end()) found = specs_.find(name);
  if (found == specs_.end()) return {};
  if (std::find(kNumkeysAtTwo.begin(), kNumkeysAtTwo.end(), name) != kNumkeysAtTwo.end()) {
    long long numkeys = 0;
    if (args.size() > 2) {
      const std::string_view text = args[2];
      std::from_chars(text.data(), text.data() + text.size(), numkeys);
    }
    if (numkeys > 0 && args.size() > 3) return {KeyLookup::Kind::kKey, 3};
    return {};
  }
  const Spec& spec = found->second;
  if (spec.first_key > 0) {
    const auto index = static_cast<std::size_t>(spec.first_key);
    if (index < args.size()) return {KeyLookup::Kind::kKey, index};
    return {};
  }
  if (spec.movable) return {KeyLookup::Kind::kAskServer, 0};
  return {};
}

}  // namespace redis_testkit::client::internal

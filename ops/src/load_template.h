// The command template of a load run (private): arguments with {seq}, {rand}, {rand:N} and
// {payload:BYTES} placeholders, parsed once and expanded straight into RESP for each request.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace redis_testkit::ops::internal {

class CommandTemplate {
 public:
  // Throws std::invalid_argument naming the argument and the placeholder that is wrong.
  CommandTemplate(const std::vector<std::string>& args, std::uint64_t seed);

  // Appends request `seq` as a RESP array ("*N\r\n$len\r\n...") to `out`.
  void AppendResp(std::string& out, std::int64_t seq);
  // The arguments of request `seq` (for tests and messages).
  std::vector<std::string> Expand(std::int64_t seq);

 private:
  enum class Kind { kLiteral, kSeq, kRand, kPayload };
  struct Part {
    Kind kind = Kind::kLiteral;
    std::string text;       // kLiteral
    std::uint64_t arg = 0;  // kRand: the bound (0: 2^32); kPayload: the size
  };
  using Argument = std::vector<Part>;

  static Argument ParseArgument(std::string_view arg, std::size_t index);
  static Part ParsePlaceholder(std::string_view name, std::string_view arg, std::size_t index);
  void AppendArgument(std::string& out, const Argument& argument, std::int64_t seq);

  std::vector<Argument> args_;
  std::mt19937_64 random_;
  std::string payload_;  // printable characters; a {payload:N} is a slice of it
};

}  // namespace redis_testkit::ops::internal

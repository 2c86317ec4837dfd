// A Redis reply as a plain value (copied out of hiredis' redisReply; no hiredis type leaks out).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace redis_testkit::client {

class Reply {
 public:
  enum class Type { kNil, kString, kStatus, kInteger, kArray, kError };

  Reply() = default;
  static Reply Nil() { return Reply(); }
  static Reply String(std::string s);
  static Reply Status(std::string s);
  static Reply Integer(long long v);
  static Reply Array(std::vector<Reply> elements);
  static Reply Error(std::string message);

  Type type() const { return type_; }
  bool IsNil() const { return type_ == Type::kNil; }
  bool IsError() const { return type_ == Type::kError; }

  // Typed access; throws std::logic_error naming the expected and the actual type.
  const std::string& AsString() const;  // kString, kStatus or kError text
  long long AsInteger() const;          // kInteger (or a kString holding a number)
  const std::vector<Reply>& AsArray() const;
  // nil -> std::nullopt; string/status -> the text.
  std::optional<std::string> AsOptionalString() const;

  // Human-readable form for messages and debugging.
  std::string ToString() const;

 private:
  Type type_ = Type::kNil;
  std::string str_;
  long long integer_ = 0;
  std::vector<Reply> elements_;
};

const char* TypeName(Reply::Type type);

}  // namespace redis_testkit::client

// Reply: a plain value copied out of hiredis.
#include "redis_testkit/client/reply.h"

#include <charconv>
#include <stdexcept>
#include <utility>

namespace redis_testkit::client {
namespace {

constexpr std::size_t kMaxPrinted = 200;  // characters of a string shown by ToString

[[noreturn]] void WrongType(const char* expected, Reply::Type actual) {
  throw std::logic_error(std::string("reply is ") + TypeName(actual) + ", expected " + expected);
}

std::string Quote(const std::string& text) {
  std::string quoted = "\"";
  for (std::size_t i = 0; i < text.size() && i < kMaxPrinted; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '"' || c == '\\') {
      quoted += '\\';
      quoted += static_cast<char>(c);
    } else if (c >= 0x20 && c < 0x7f) {
      quoted += static_cast<char>(c);
    } else {
      static constexpr char kHex[] = "0123456789abcdef";
      quoted += "\\x";
      quoted += kHex[c >> 4];
      quoted += kHex[c & 15];
    }
  }
  quoted += '"';
  if (text.size() > kMaxPrinted) {
    quoted += "... (" + std::to_string(text.size()) + " bytes)";
  }
  return quoted;
}

}  // namespace

Reply Reply::String(std::string s) {
  Reply r;
  r.type_ = Type::kString;
  r.str_ = std::move(s);
  return r;
}

Reply Reply::Status(std::string s) {
  Reply r;
  r.type_ = Type::kStatus;
  r.str_ = std::move(s);
  return r;
}

Reply Reply::Integer(long long v) {
  Reply r;
  r.type_ = Type::kInteger;
  r.integer_ = v;
  return r;
}

Reply Reply::Array(std::vector<Reply> elements) {
  Reply r;
  r.type_ = Type::kArray;
  r.elements_ = std::move(elements);
  return r;
}

Reply Reply::Error(std::string message) {
  Reply r;
  r.type_ = Type::kError;
  r.str_ = std::move(message);
  return r;
}

const std::string& Reply::AsString() const {
  if (type_ != Type::kString && type_ != Type::kStatus && type_ != Type::kError) {
    WrongType("string, status or error", type_);
  }
  return str_;
}

long long Reply::AsInteger() const {
  if (type_ == Type::kInteger) return integer_;
  if (type_ == Type::kString) {
    long long value = 0;
    auto [ptr, ec] = std::from_chars(str_.data(), str_.data() + str_.size(), value);
    if (!str_.empty() && ec == std::errc() && ptr == str_.data() + str_.size()) return value;
    throw std::logic_error("reply is the string " + Quote(str_) + ", expected an integer");
  }
  WrongType("integer", type_);
}

const std::vector<Reply>& Reply::AsArray() const {
  if (type_ != Type::kArray) WrongType("array", type_);
  return elements_;
}

std::optional<std::string> Reply::AsOptionalString() const {
  if (type_ == Type::kNil) return std::nullopt;
  if (type_ != Type::kString && type_ != Type::kStatus) WrongType("string, status or nil", type_);
  return str_;
}

std::string Reply::ToString() const {
  switch (type_) {
    case Type::kNil:
      return "(nil)";
    case Type::kString:
      return Quote(str_);
    case Type::kStatus:
      return str_;
    case Type::kInteger:
      return "(integer) " + std::to_string(integer_);
    case Type::kError:
      return "(error) " + str_;
    case Type::kArray: {
      std::string text = "[";
      for (std::size_t i = 0; i < elements_.size(); ++i) {
        if (i > 0) text += ", ";
        text += elements_[i].ToString();
      }
      return text + "]";
    }
  }
  return "?";
}

const char* TypeName(Reply::Type type) {
  switch (type) {
    case Reply::Type::kNil:
      return "nil";
    case Reply::Type::kString:
      return "string";
    case Reply::Type::kStatus:
      return "status";
    case Reply::Type::kInteger:
      return "integer";
    case Reply::Type::kArray:
      return "array";
    case Reply::Type::kError:
      return "error";
  }
  return "?";
}

}  // namespace redis_testkit::client

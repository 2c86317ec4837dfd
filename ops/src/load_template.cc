#include "load_template.h"

#include <algorithm>
#include <charconv>
#include <stdexcept>

#include "redis_testkit/config.h"

namespace redis_testkit::ops::internal {
namespace {

constexpr const char* kPlaceholders = "{seq}, {rand}, {rand:N} or {payload:BYTES}";
constexpr std::uint64_t kMaxPayload = 64ULL * 1024 * 1024;
constexpr std::size_t kPayloadSlack = 1024;  // slices start at a random offset below this

std::string Where(std::string_view arg, std::size_t index) {
  return "argument " + std::to_string(index + 1) + " '" + std::string(arg) + "'";
}

void AppendDecimal(std::string& out, std::uint64_t value) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof(digits), value).ptr;
  out.append(digits, end);
}

}  // namespace

CommandTemplate::CommandTemplate(const std::vector<std::string>& args, std::uint64_t seed)
    : random_(seed) {
  if (args.empty()) {
    throw std::invalid_argument("the load command is empty; give one, e.g. SET k:{seq} v");
  }
  std::uint64_t largest_payload = 0;
  for (std::size_t i = 0; i < args.size(); ++i) {
    args_.push_back(ParseArgument(args[i], i));
    for (const Part& part : args_.back()) {
      if (part.kind == Kind::kPayload) largest_payload = std::max(largest_payload, part.arg);
    }
  }
  if (largest_payload > 0) {
    constexpr std::string_view kAlphabet =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    payload_.resize(largest_payload + kPayloadSlack);
    for (char& c : payload_) c = kAlphabet[random_() % kAlphabet.size()];
  }
}

CommandTemplate::Argument CommandTemplate::ParseArgument(std::string_view arg, std::size_t index) {
  Argument parts;
  std::string literal;
  std::size_t i = 0;
  while (i < arg.size()) {
    if (arg[i] != '{') {
      literal += arg[i++];
      continue;
    }
    if (i + 1 < arg.size() && arg[i + 1] == '{') {  // "{{": a literal brace
      literal += '{';
      i += 2;
      continue;
    }
    const std::size_t close = arg.find('}', i);
    if (close == std::string_view::npos) {
      throw std::invalid_argument("unclosed '{' in " + Where(arg, index) + ": use " +
                                  kPlaceholders + ", or write a literal '{' as '{{'");
    }
    if (!literal.empty()) parts.push_back({Kind::kLiteral, std::move(literal), 0});
    literal.clear();
    parts.push_back(ParsePlaceholder(arg.substr(i + 1, close - i - 1), arg, index));
    i = close + 1;
  }
  if (!literal.empty() || parts.empty()) parts.push_back({Kind::kLiteral, std::move(literal), 0});
  return parts;
}

CommandTemplate::Part CommandTemplate::ParsePlaceholder(std::string_view name, std::string_view arg,
                                                        std::size_t index) {
  if (name == "seq") return {Kind::kSeq, {}, 0};
  if (name == "rand") return {Kind::kRand, {}, 0};
  const std::size_t colon = name.find(':');
  const std::string_view head = name.substr(0, colon);
  const std::string_view value =
      colon == std::string_view::npos ? std::string_view() : name.substr(colon + 1);
  if (head == "rand" && colon != std::string_view::npos) {
    std::uint64_t bound = 0;
    const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), bound);
    if (ec != std::errc() || ptr != value.data() + value.size() || bound == 0) {
      throw std::invalid_argument("{rand:N} in " + Where(arg, index) +
                                  " needs a whole number N >= 1, not '" + std::string(value) + "'");
    }
    return {Kind::kRand, {}, bound};
  }
  if (head == "payload" && colon != std::string_view::npos) {
    long long bytes = 0;
    try {
      bytes = ParseMemorySize(value, "{payload:BYTES} in " + Where(arg, index));
    } catch (const std::invalid_argument& error) {
      throw std::invalid_argument(error.what());
    }
    if (bytes <= 0 || static_cast<std::uint64_t>(bytes) > kMaxPayload) {
      throw std::invalid_argument("{payload:BYTES} in " + Where(arg, index) +
                                  " must be 1 byte to 64mb, not '" + std::string(value) + "'");
    }
    return {Kind::kPayload, {}, static_cast<std::uint64_t>(bytes)};
  }
  throw std::invalid_argument("unknown placeholder {" + std::string(name) + "} in " +
                              Where(arg, index) + ": use " + kPlaceholders +
                              " (a literal '{' is written '{{')");
}

void CommandTemplate::AppendArgument(std::string& out, const Argument& argument, std::int64_t seq) {
  thread_local std::string value;
  value.clear();
  for (const Part& part : argument) {
    switch (part.kind) {
      case Kind::kLiteral:
        value += part.text;
        break;
      case Kind::kSeq:
        AppendDecimal(value, static_cast<std::uint64_t>(seq));
        break;
      case Kind::kRand:
        AppendDecimal(value, part.arg == 0 ? random_() & 0xffffffffULL : random_() % part.arg);
        break;
      case Kind::kPayload:
        value.append(payload_, random_() % kPayloadSlack, part.arg);
        break;
    }
  }
  out += '$';
  AppendDecimal(out, value.size());
  out += "\r\n";
  out += value;
  out += "\r\n";
}

void CommandTemplate::AppendResp(std::string& out, std::int64_t seq) {
  out += '*';
  AppendDecimal(out, args_.size());
  out += "\r\n";
  for (const Argument& argument : args_) AppendArgument(out, argument, seq);
}

std::vector<std::string> CommandTemplate::Expand(std::int64_t seq) {
  std::vector<std::string> expanded;
  for (const Argument& argument : args_) {
    std::string resp;
    AppendArgument(resp, argument, seq);
    // "$len\r\nvalue\r\n" -> value
    const std::size_t start = resp.find("\r\n") + 2;
    expanded.push_back(resp.substr(start, resp.size() - start - 2));
  }
  return expanded;
}

}  // namespace redis_testkit::ops::internal

#include "http_message.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "redis_testkit/units/text.h"

namespace signal_gateway {

namespace {

using State = HttpParseResult::State;

HttpParseResult Error(int status, std::string message) {
  HttpParseResult result;
  result.state = State::kError;
  result.error_status = status;
  result.error = std::move(message);
  return result;
}

using redis_testkit::units::ToLower;
using redis_testkit::units::Trim;

// Around a header value: HTTP's optional whitespace, and a stray CR.
constexpr std::string_view kValueBlanks = " \t\r";

bool IsToken(std::string_view text) {
  if (text.empty()) return false;
  return std::all_of(text.begin(), text.end(), [](unsigned char c) {
    return std::isalnum(c) ||
           std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
  });
}

// "GET /path HTTP/1.1" -> request.method/target/path; returns an error result or kIncomplete.
HttpParseResult ParseRequestLine(std::string_view line, HttpRequest& request, bool& http10) {
  const std::size_t first = line.find(' ');
  const std::size_t last = line.rfind(' ');
  if (first == std::string_view::npos || first == last) {
    return Error(400, "malformed request line (expected \"METHOD /path HTTP/1.1\")");
  }
  request.method = std::string(line.substr(0, first));
  request.target = std::string(line.substr(first + 1, last - first - 1));
  const std::string_view version = line.substr(last + 1);
  if (!IsToken(request.method) || request.target.empty() || request.target.front() != '/') {
    return Error(400, "malformed request line (expected \"METHOD /path HTTP/1.1\")");
  }
  if (version == "HTTP/1.0") {
    http10 = true;
  } else if (version != "HTTP/1.1") {
    return Error(505, "unsupported HTTP version \"" + std::string(version) + "\": use HTTP/1.1");
  }
  request.path = request.target.substr(0, request.target.find('?'));
  return {};
}

}  // namespace

std::string_view HttpRequest::Header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_name) return value;
  }
  return {};
}

HttpParseResult ParseHttpRequest(std::string_view buffer, const HttpParseLimits& limits) {
  // Empty lines before a request are allowed (RFC 9112 2.2).
  std::size_t start = 0;
  while (start + 1 < buffer.size() && buffer[start] == '\r' && buffer[start + 1] == '\n') {
    start += 2;
  }
  const std::size_t head_end = buffer.find("\r\n\r\n", start);
  if (head_end == std::string_view::npos) {
    if (buffer.size() - start > limits.max_head_bytes) {
      return Error(431, "request head over " + std::to_string(limits.max_head_bytes) + " bytes");
    }
    return {};
  }
  if (head_end - start > limits.max_head_bytes) {
    return Error(431, "request head over " + std::to_string(limits.max_head_bytes) + " bytes");
  }
  HttpParseResult result;
  HttpRequest& request = result.request;
  const std::string_view head = buffer.substr(start, head_end - start);
  std::size_t line_end = head.find("\r\n");
  bool http10 = false;
  HttpParseResult line = ParseRequestLine(head.substr(0, line_end), request, http10);
  if (line.state == State::kError) return line;

  while (line_end != std::string_view::npos) {
    const std::size_t next = line_end + 2;
    line_end = head.find("\r\n", next);
    const std::string_view field = head.substr(
        next, line_end == std::string_view::npos ? std::string_view::npos : line_end - next);
    const std::size_t colon = field.find(':');
    if (colon == std::string_view::npos || !IsToken(field.substr(0, colon))) {
      return Error(400, "malformed header line (expected \"Name: value\")");
    }
    request.headers.emplace_back(ToLower(field.substr(0, colon)),
                                 std::string(Trim(field.substr(colon + 1), kValueBlanks)));
  }

  const std::string connection = ToLower(request.Header("connection"));
  request.keep_alive = http10 ? connection.find("keep-alive") != std::string::npos
                              : connection.find("close") == std::string::npos;
  request.expect_continue = ToLower(request.Header("expect")) == "100-continue";
  if (!request.Header("transfer-encoding").empty()) {
    return Error(411, "chunked or encoded request bodies are not accepted: send Content-Length");
  }
  std::size_t length = 0;
  const std::string_view length_text = request.Header("content-length");
  if (!length_text.empty()) {
    const auto [end, ec] =
        std::from_chars(length_text.data(), length_text.data() + length_text.size(), length);
    if (ec != std::errc() || end != length_text.data() + length_text.size()) {
      return Error(400, "Content-Length \"" + std::string(length_text) + "\" is not a number");
    }
  }
  if (length > limits.max_body_bytes) {
    return Error(413, "body is over the limit of " + std::to_string(limits.max_body_bytes) +
                          " bytes: split the batch");
  }
  result.head_complete = true;
  const std::size_t body_start = head_end + 4;
  if (buffer.size() - body_start < length) return result;
  request.body = std::string(buffer.substr(body_start, length));
  result.state = State::kComplete;
  result.consumed = body_start + length;
  return result;
}

const char* HttpReasonPhrase(int status) {
  switch (status) {
    case 100:
      return "Continue";
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 202:
      return "Accepted";
    case 204:
      return "No Content";
    case 400:
      return "Bad Request";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 411:
      return "Length Required";
    case 413:
      return "Payload Too Large";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 503:
      return "Service Unavailable";
    case 505:
      return "HTTP Version Not Supported";
    default:
      return "Unknown";
  }
}

std::string SerializeHttpResponse(const HttpResponse& response, bool keep_alive, bool head_only) {
  std::string out;
  out.reserve(160 + response.body.size());
  out += "HTTP/1.1 ";
  out += std::to_string(response.status);
  out += ' ';
  out += HttpReasonPhrase(response.status);
  out += "\r\n";
  for (const auto& [name, value] : response.headers) {
    out += name;
    out += ": ";
    out += value;
    out += "\r\n";
  }
  if (!response.content_type.empty()) {
    out += "Content-Type: ";
    out += response.content_type;
    out += "\r\n";
  }
  out += "Content-Length: ";
  out += std::to_string(response.body.size());
  out += keep_alive ? "\r\nConnection: keep-alive\r\n\r\n" : "\r\nConnection: close\r\n\r\n";
  if (!head_only) out += response.body;
  return out;
}

}  // namespace signal_gateway

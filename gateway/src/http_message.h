// HTTP/1.1 messages of the gateway's front (http_connection_loop.h): an incremental request parser
// (request line, headers, a Content-Length body; no chunked bodies) and the response serializer,
// which writes a whole response as one buffer (one send(), so Nagle never splits it).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace signal_gateway {

struct HttpRequest {
  std::string method;
  std::string target;  // as sent: "/api/v1/signals/prometheus?x=1"
  std::string path;    // target without the query
  std::vector<std::pair<std::string, std::string>> headers;  // names in lower case
  std::string body;
  bool keep_alive = true;        // HTTP/1.1 without "Connection: close", or 1.0 with keep-alive
  bool expect_continue = false;  // "Expect: 100-continue"

  // The value of header `lower_name`, "" when absent.
  std::string_view Header(std::string_view lower_name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  bool close = false;  // close the connection after this answer
};

struct HttpParseLimits {
  std::size_t max_head_bytes = std::size_t{16} * 1024;  // request line and headers
  std::size_t max_body_bytes = std::size_t{100} * 1024;
};

struct HttpParseResult {
  enum class State { kIncomplete, kComplete, kError };
  State state = State::kIncomplete;
  bool head_complete = false;  // the head was read (kIncomplete: the body is still arriving)
  HttpRequest request;         // the head when head_complete; the body too when kComplete
  std::size_t consumed = 0;    // bytes of the buffer this request took (kComplete)
  int error_status = 0;        // kError: 400, 411, 413, 431, 501, 505
  std::string error;           // kError: what was wrong and how to fix it
};

// Parses the request at the start of `buffer` (pipelined requests follow it).
HttpParseResult ParseHttpRequest(std::string_view buffer, const HttpParseLimits& limits);

// "HTTP/1.1 201 Created\r\n...\r\n\r\n<body>": Content-Type, Content-Length and Connection
// (keep-alive or close) included; `head_only` (HEAD) leaves the body out but keeps its length.
std::string SerializeHttpResponse(const HttpResponse& response, bool keep_alive, bool head_only);

const char* HttpReasonPhrase(int status);

}  // namespace signal_gateway

// The HTTP front's request parser and response serializer (pure logic, no server).
#include "http_message.h"

#include <gtest/gtest.h>

namespace signal_gateway {
namespace {

using State = HttpParseResult::State;

HttpParseResult Parse(std::string_view text, std::size_t body_limit = 1024) {
  HttpParseLimits limits;
  limits.max_head_bytes = 256;
  limits.max_body_bytes = body_limit;
  return ParseHttpRequest(text, limits);
}

TEST(HttpMessage, ParsesARequestWithABody) {
  const std::string text =
      "POST /api/v1/signals/prometheus?debug=1 HTTP/1.1\r\nHost: x\r\nCONTENT-LENGTH: 4\r\n"
      "X-Spaced:   value  \r\n\r\nbodyGET";
  const HttpParseResult result = Parse(text);
  ASSERT_EQ(result.state, State::kComplete) << result.error;
  EXPECT_EQ(result.request.method, "POST");
  EXPECT_EQ(result.request.target, "/api/v1/signals/prometheus?debug=1");
  EXPECT_EQ(result.request.path, "/api/v1/signals/prometheus");
  EXPECT_EQ(result.request.body, "body");
  EXPECT_EQ(result.request.Header("x-spaced"), "value");
  EXPECT_EQ(result.request.Header("content-length"), "4");
  EXPECT_TRUE(result.request.keep_alive);
  EXPECT_EQ(result.consumed, text.size() - 3);  // the pipelined "GET" stays
}

TEST(HttpMessage, IncompleteUntilTheWholeBodyArrived) {
  const std::string text = "POST /x HTTP/1.1\r\nContent-Length: 10\r\nExpect: 100-continue\r\n\r\n";
  HttpParseResult result = Parse(text + "12345");
  EXPECT_EQ(result.state, State::kIncomplete);
  EXPECT_TRUE(result.head_complete);
  EXPECT_TRUE(result.request.expect_continue);
  EXPECT_EQ(Parse("GET /health HTTP/1.1\r\nHost:").state, State::kIncomplete);
  EXPECT_FALSE(Parse("GET /health HTTP/1.1\r\nHost:").head_complete);
  EXPECT_EQ(Parse(text + "1234567890").state, State::kComplete);
}

TEST(HttpMessage, ConnectionSemanticsOfHttp10And11) {
  EXPECT_FALSE(Parse("GET / HTTP/1.1\r\nConnection: close\r\n\r\n").request.keep_alive);
  EXPECT_FALSE(Parse("GET / HTTP/1.0\r\n\r\n").request.keep_alive);
  EXPECT_TRUE(Parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").request.keep_alive);
  EXPECT_EQ(Parse("\r\nGET / HTTP/1.1\r\n\r\n").state, State::kComplete);
}

TEST(HttpMessage, ErrorsNameTheProblem) {
  struct Case {
    std::string text;
    int status;
    std::string words;
  };
  const std::vector<Case> cases = {
      {"GET /x\r\n\r\n", 400, "request line"},
      {"GET x HTTP/1.1\r\n\r\n", 400, "request line"},
      {"GET / HTTP/2\r\n\r\n", 505, "HTTP/1.1"},
      {"GET / HTTP/1.1\r\nNo colon\r\n\r\n", 400, "Name: value"},
      {"POST / HTTP/1.1\r\nContent-Length: 12x\r\n\r\n", 400, "not a number"},
      {"POST / HTTP/1.1\r\nContent-Length: 2000\r\n\r\n", 413, "split the batch"},
      {"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", 411, "Content-Length"},
      {"GET / HTTP/1.1\r\n" + std::string(300, 'a'), 431, "256 bytes"},
  };
  for (const Case& c : cases) {
    const HttpParseResult result = Parse(c.text);
    EXPECT_EQ(result.state, State::kError) << c.text;
    EXPECT_EQ(result.error_status, c.status) << c.text;
    EXPECT_NE(result.error.find(c.words), std::string::npos) << result.error;
  }
}

TEST(HttpMessage, SerializesAWholeResponse) {
  HttpResponse response;
  response.status = 429;
  response.headers.emplace_back("Retry-After", "7");
  response.body = R"({"status":"rejected"})";
  EXPECT_EQ(SerializeHttpResponse(response, true, false),
            "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 7\r\nContent-Type: application/json\r\n"
            "Content-Length: 21\r\nConnection: keep-alive\r\n\r\n{\"status\":\"rejected\"}");
  const std::string head = SerializeHttpResponse(response, false, true);
  EXPECT_NE(head.find("Content-Length: 21\r\nConnection: close\r\n\r\n"), std::string::npos);
  EXPECT_EQ(head.find("rejected"), std::string::npos);
}

}  // namespace
}  // namespace signal_gateway

// RedisLink: lazy (re)connection and the translation of client errors into buffer errors.
#include "redis_link.h"

#include "event_buffer/errors.h"
#include "redis_testkit/client/errors.h"
#include "redis_testkit/client/pipeline.h"

namespace event_buffer::internal {

namespace client = redis_testkit::client;

std::string RedisLink::Where() const { return what_ + " on " + options_.endpoint.ToString(); }

client::Connection& RedisLink::Open() {
  if (!connection_ || !connection_->connected()) {
    connection_.reset();
    try {
      connection_.emplace(options_);
    } catch (const client::IoError& error) {
      throw UnavailableError(Where() + ": cannot connect: " + error.what());
    }
  }
  return *connection_;
}

client::Reply RedisLink::Command(const std::vector<std::string>& args) {
  client::Connection& connection = Open();
  try {
    return connection.Command(args);
  } catch (const client::OomError& error) {
    throw BackPressureError(Where() +
                            ": Redis is full (retry once consumers caught up): " + error.what());
  } catch (const client::IoError& error) {
    connection_.reset();
    throw UnavailableError(Where() + ": " + error.what());
  } catch (const client::ReplyError& error) {
    throw BufferError(Where() + ": " + error.what());
  }
}

std::vector<client::Reply> RedisLink::Pipeline(
    const std::vector<std::vector<std::string>>& commands) {
  client::Connection& connection = Open();
  client::Pipeline pipeline = connection.MakePipeline();
  for (const auto& command : commands) pipeline.Add(command);
  try {
    return pipeline.Execute();
  } catch (const client::IoError& error) {
    connection_.reset();
    throw UnavailableError(Where() + ": " + error.what());
  }
}

bool IsOomReply(const client::Reply& reply) {
  return reply.IsError() && reply.AsString().starts_with("OOM ");
}

}  // namespace event_buffer::internal

// FillWriter: the commands of each layout, sent in pipelined chunks (see fill_writer.h).
#include "fill_writer.h"

#include <algorithm>
#include <utility>

#include "redis_testkit/client/pipeline.h"
#include "redis_testkit/client/reply.h"

namespace redis_testkit::ops::internal {
namespace {

bool IsOom(const client::Reply& reply) {
  return reply.IsError() && reply.AsString().rfind("OOM", 0) == 0;
}

}  // namespace

FillWriter::FillWriter(client::Connection& connection, const FillOptions& options,
                       std::string prefix)
    : connection_(connection),
      options_(options),
      prefix_(std::move(prefix)),
      value_(options.value_size, 'x') {}

std::string FillWriter::KeyOf(long long entry) const {
  const char* kind = "";
  switch (options_.layout) {
    case FillLayout::kStrings:
      return prefix_ + std::to_string(entry);
    case FillLayout::kStream:
      kind = "stream:";
      break;
    case FillLayout::kList:
      kind = "list:";
      break;
    case FillLayout::kHash:
      kind = "hash:";
      break;
  }
  const auto per_key = static_cast<long long>(options_.entries_per_key);
  return prefix_ + kind + std::to_string(per_key > 0 ? entry / per_key : 0);
}

std::vector<std::string> FillWriter::Command(long long entry) const {
  switch (options_.layout) {
    case FillLayout::kStrings:
      return {"SET", KeyOf(entry), value_};
    case FillLayout::kStream:
      return {"XADD", KeyOf(entry), "*", "v", value_};
    case FillLayout::kList:
      return {"RPUSH", KeyOf(entry), value_};
    case FillLayout::kHash:
      return {"HSET", KeyOf(entry), "f" + std::to_string(entry), value_};
  }
  return {};
}

long long FillWriter::WriteChunk(std::size_t entries) {
  client::Pipeline pipeline = connection_.MakePipeline();
  const long long first = next_entry_;
  for (std::size_t i = 0; i < entries; ++i)
    pipeline.Add(Command(first + static_cast<long long>(i)));
  const std::vector<client::Reply> replies = pipeline.Execute();
  next_entry_ += static_cast<long long>(entries);

  long long oom = 0;
  const auto per_key = static_cast<long long>(options_.entries_per_key);
  for (std::size_t i = 0; i < replies.size(); ++i) {
    const long long entry = first + static_cast<long long>(i);
    if (IsOom(replies[i])) {
      ++oom;
      continue;
    }
    if (replies[i].IsError()) {
      throw FillError("fill: " + Command(entry).front() + " " + KeyOf(entry) + " on " +
                      connection_.endpoint().ToString() + " failed: " + replies[i].AsString());
    }
    ++entries_written_;
    bytes_written_ += static_cast<long long>(value_.size());
    const bool new_key = options_.layout == FillLayout::kStrings ||
                         (per_key > 0 ? entry % per_key == 0 : entry == 0);
    if (new_key) ++keys_written_;
  }
  return oom;
}

long long FillWriter::Write(std::size_t entries) {
  const std::size_t per_chunk = std::max<std::size_t>(1, kChunkBytes / (value_.size() + 64));
  long long oom = 0;
  while (entries > 0) {
    const std::size_t chunk = std::min(entries, per_chunk);
    oom += WriteChunk(chunk);
    entries -= chunk;
  }
  return oom;
}

}  // namespace redis_testkit::ops::internal

// SCAN cursor walk.
#include "redis_testkit/client/scan.h"

#include <string>
#include <unordered_set>
#include <utility>

#include "redis_testkit/client/connection.h"
#include "redis_testkit/client/errors.h"

namespace redis_testkit::client {

KeyScanner::KeyScanner(Connection& connection, ScanOptions options)
    : connection_(&connection), options_(std::move(options)) {}

bool KeyScanner::Next(std::vector<std::string>& batch) {
  batch.clear();
  if (done_) return false;
  std::vector<std::string> command{"SCAN",         cursor_, "MATCH",
                                   options_.match, "COUNT", std::to_string(options_.count)};
  if (!options_.type.empty()) {
    command.emplace_back("TYPE");
    command.push_back(options_.type);
  }
  const Reply reply = connection_->Command(command);
  const bool well_formed = reply.type() == Reply::Type::kArray && reply.AsArray().size() == 2 &&
                           reply.AsArray()[0].type() == Reply::Type::kString &&
                           reply.AsArray()[1].type() == Reply::Type::kArray;
  if (!well_formed) {
    throw Error("SCAN on " + connection_->endpoint().ToString() +
                ": expected [cursor, [keys]], got " + reply.ToString());
  }
  cursor_ = reply.AsArray()[0].AsString();
  for (const Reply& key : reply.AsArray()[1].AsArray()) batch.push_back(key.AsString());
  if (cursor_ == "0") done_ = true;
  return true;
}

std::vector<std::string> ScanAllKeys(Connection& connection, const ScanOptions& options) {
  KeyScanner scanner(connection, options);
  std::unordered_set<std::string> seen;
  std::vector<std::string> keys;
  std::vector<std::string> batch;
  while (scanner.Next(batch)) {
    for (std::string& key : batch) {
      if (seen.insert(key).second) keys.push_back(std::move(key));
    }
  }
  return keys;
}

}  // namespace redis_testkit::client

// SCAN iteration over the keys of the selected database.
#pragma once

#include <string>
#include <vector>

namespace redis_testkit::client {

class Connection;

struct ScanOptions {
  std::string match = "*";
  long long count = 1000;  // COUNT hint per SCAN call
  std::string type;        // TYPE filter (Redis >= 6), empty: all types
};

// Walks the cursor: while (scanner.Next(batch)) { ... }. Keys may repeat across batches when the
// keyspace changes during the walk (a SCAN guarantee); ScanAllKeys removes repeats.
class KeyScanner {
 public:
  KeyScanner(Connection& connection, ScanOptions options);
  // Fills `batch` with the next batch (possibly empty); false once the cursor returned to 0 and the
  // last batch has been handed out.
  bool Next(std::vector<std::string>& batch);

 private:
  Connection* connection_;  // not owned
  ScanOptions options_;
  std::string cursor_ = "0";
  bool done_ = false;
};

// All keys matching `options.match`, without repeats, in no particular order.
std::vector<std::string> ScanAllKeys(Connection& connection, const ScanOptions& options = {});

}  // namespace redis_testkit::client

// One key a test left in the database, as the server described it after the test.
#pragma once

#include <string>

namespace redis_testkit::cleanup {

struct LeakedKey {
  std::string key;
  std::string type;       // TYPE: string, list, set, zset, hash, stream
  long long ttl_ms = -1;  // PTTL: -1 = no TTL (the key would live forever)
  std::string encoding;   // OBJECT ENCODING: embstr, int, listpack, hashtable, ... ("" if unknown)
  long long bytes = 0;    // MEMORY USAGE (default SAMPLES 5: exact for strings, sampled for big
                          // aggregates)
  int db = 0;             // the database the key is in
  std::string node{};     // on a Redis Cluster: the master holding it, "host:port" ("" off one)
  int slot = -1;          // on a Redis Cluster: the key's slot (-1 off one)

  bool HasTtl() const { return ttl_ms >= 0; }
  friend bool operator==(const LeakedKey&, const LeakedKey&) = default;
};

}  // namespace redis_testkit::cleanup

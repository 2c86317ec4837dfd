// What the monitor measures, the alert conditions on it, and its Prometheus text exposition
// (names in the style of redis_exporter: redis_stream_length, redis_memory_used_bytes, ...).
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace event_buffer {

struct GroupMetrics {
  std::string group;
  long long consumers = 0;
  long long pending = 0;  // delivered, not acknowledged (XINFO GROUPS pending)
  // Entries still in the stream that the group has not been delivered yet.
  long long lag = 0;
  // Entries trimmed (retention) before the group was delivered them: lost to this group. Redis
  // 7.0's own lag cannot show them (it counts only what is left), so this is computed from the
  // group's entries-read and the stream's entries-added (see monitor.cc).
  long long trimmed_unread = 0;
  std::string last_delivered_id;
};

struct StreamMetrics {
  std::string topic;
  std::string key;
  long long length = 0;           // XLEN
  long long entries_added = 0;    // ever added (XINFO STREAM entries-added)
  double oldest_age_seconds = 0;  // server time - the first entry's ID time; 0 when empty
  std::vector<GroupMetrics> groups;
};

struct AlertThresholds {
  double memory_ratio = 0.85;             // used_memory / maxmemory above this
  std::chrono::seconds oldest_age{3600};  // oldest event older than this
};

// The alert conditions of one scrape. Evictions and OOM rejections count since the monitor's
// first look at the server (the server's counters include whatever happened before).
struct Alerts {
  bool memory_high = false;
  bool oldest_event_too_old = false;
  bool evictions = false;
  bool oom_rejections = false;
  bool trimmed_unread = false;
  bool Any() const {
    return memory_high || oldest_event_too_old || evictions || oom_rejections || trimmed_unread;
  }
  std::string ToString() const;  // "memory_high, evictions" or "none"
};

struct BufferMetrics {
  std::vector<StreamMetrics> streams;
  long long used_memory = 0;
  long long maxmemory = 0;       // 0: no cap
  long long evicted_keys = 0;    // since the monitor's first look
  long long oom_rejections = 0;  // since the monitor's first look
  AlertThresholds thresholds;

  double MemoryRatio() const;  // used/max, 0 without a cap
  Alerts EvaluateAlerts() const;
  // Prometheus text format 0.0.4, one # HELP and # TYPE per metric family.
  std::string ToPrometheus() const;
};

}  // namespace event_buffer

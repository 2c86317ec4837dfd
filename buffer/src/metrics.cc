// Alert conditions and the Prometheus text exposition of BufferMetrics.
#include "event_buffer/metrics.h"

#include <cstdio>
#include <functional>
#include <sstream>

namespace event_buffer {
namespace {

std::string Escape(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string Number(double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.17g", value);
  return buffer;
}

class Exposition {
 public:
  void Family(const std::string& name, const std::string& type, const std::string& help) {
    out_ << "# HELP " << name << ' ' << help << "\n# TYPE " << name << ' ' << type << '\n';
    name_ = name;
  }
  void Sample(const std::string& labels, double value) {
    out_ << name_;
    if (!labels.empty()) out_ << '{' << labels << '}';
    out_ << ' ' << Number(value) << '\n';
  }
  std::string Text() const { return out_.str(); }

 private:
  std::ostringstream out_;
  std::string name_;
};

std::string StreamLabels(const StreamMetrics& s) {
  return "stream=\"" + Escape(s.key) + "\",topic=\"" + Escape(s.topic) + "\"";
}

void PerGroup(Exposition& e, const std::vector<StreamMetrics>& streams,
              const std::function<double(const GroupMetrics&)>& value) {
  for (const StreamMetrics& s : streams) {
    for (const GroupMetrics& g : s.groups) {
      e.Sample(StreamLabels(s) + ",group=\"" + Escape(g.group) + "\"", value(g));
    }
  }
}

}  // namespace

std::string Alerts::ToString() const {
  std::string out;
  const auto add = [&out](bool on, const char* name) {
    if (!on) return;
    if (!out.empty()) out += ", ";
    out += name;
  };
  add(memory_high, "memory_high");
  add(oldest_event_too_old, "oldest_event_too_old");
  add(evictions, "evictions");
  add(oom_rejections, "oom_rejections");
  add(trimmed_unread, "trimmed_unread");
  return out.empty() ? "none" : out;
}

double BufferMetrics::MemoryRatio() const {
  return maxmemory > 0 ? static_cast<double>(used_memory) / static_cast<double>(maxmemory) : 0.0;
}

Alerts BufferMetrics::EvaluateAlerts() const {
  Alerts alerts;
  alerts.memory_high = maxmemory > 0 && MemoryRatio() > thresholds.memory_ratio;
  alerts.evictions = evicted_keys > 0;
  alerts.oom_rejections = oom_rejections > 0;
  for (const StreamMetrics& s : streams) {
    if (s.oldest_age_seconds > static_cast<double>(thresholds.oldest_age.count())) {
      alerts.oldest_event_too_old = true;
    }
    for (const GroupMetrics& g : s.groups) {
      if (g.trimmed_unread > 0) alerts.trimmed_unread = true;
    }
  }
  return alerts;
}

std::string BufferMetrics::ToPrometheus() const {
  Exposition e;
  e.Family("redis_memory_used_bytes", "gauge", "Memory used by Redis (INFO used_memory).");
  e.Sample("", static_cast<double>(used_memory));
  e.Family("redis_memory_max_bytes", "gauge", "maxmemory (0: no cap).");
  e.Sample("", static_cast<double>(maxmemory));
  e.Family("event_buffer_memory_utilisation_ratio", "gauge", "used_memory / maxmemory.");
  e.Sample("", MemoryRatio());
  e.Family("redis_evicted_keys_total", "counter", "Keys evicted since the monitor started.");
  e.Sample("", static_cast<double>(evicted_keys));
  e.Family("event_buffer_oom_rejections_total", "counter",
           "Commands Redis refused with OOM since the monitor started (errorstat_OOM).");
  e.Sample("", static_cast<double>(oom_rejections));
  e.Family("redis_stream_length", "gauge", "Entries in the topic's stream (XLEN).");
  for (const StreamMetrics& s : streams) e.Sample(StreamLabels(s), static_cast<double>(s.length));
  e.Family("redis_stream_entries_added_total", "counter", "Entries ever added to the stream.");
  for (const StreamMetrics& s : streams) {
    e.Sample(StreamLabels(s), static_cast<double>(s.entries_added));
  }
  e.Family("event_buffer_oldest_event_age_seconds", "gauge",
           "Server time minus the time of the first entry's ID (0 when empty).");
  for (const StreamMetrics& s : streams) e.Sample(StreamLabels(s), s.oldest_age_seconds);
  e.Family("redis_stream_group_consumers", "gauge", "Consumers of the group.");
  PerGroup(e, streams, [](const GroupMetrics& g) { return static_cast<double>(g.consumers); });
  e.Family("redis_stream_group_messages_pending", "gauge", "Delivered, not acknowledged.");
  PerGroup(e, streams, [](const GroupMetrics& g) { return static_cast<double>(g.pending); });
  e.Family("redis_stream_group_lag", "gauge", "Entries in the stream not yet delivered.");
  PerGroup(e, streams, [](const GroupMetrics& g) { return static_cast<double>(g.lag); });
  e.Family("event_buffer_group_entries_trimmed_unread", "gauge",
           "Entries trimmed before the group was delivered them (lost to the group).");
  PerGroup(e, streams, [](const GroupMetrics& g) { return static_cast<double>(g.trimmed_unread); });
  const Alerts alerts = EvaluateAlerts();
  e.Family("event_buffer_alert", "gauge", "1 while an alert condition holds.");
  e.Sample("alert=\"memory_high\"", alerts.memory_high ? 1 : 0);
  e.Sample("alert=\"oldest_event_too_old\"", alerts.oldest_event_too_old ? 1 : 0);
  e.Sample("alert=\"evictions\"", alerts.evictions ? 1 : 0);
  e.Sample("alert=\"oom_rejections\"", alerts.oom_rejections ? 1 : 0);
  e.Sample("alert=\"trimmed_unread\"", alerts.trimmed_unread ? 1 : 0);
  return e.Text();
}

}  // namespace event_buffer

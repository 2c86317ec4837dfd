// Human-readable figures for log lines, failure messages and the Markdown report.
#pragma once

#include <string>

#include "redis_testkit/units/byte_size.h"

namespace redis_testkit::cleanup {

// The units library's byte formatter (the one copy, the CLI's too): 1024-based, three significant
// digits: "0B", "512B", "3.10KB", "38.2KB", "1.10MB", "512MB"; signed: "+38.2KB", "-1.20MB".
using units::FormatBytes;
using units::FormatSignedBytes;
// A PTTL: "no ttl" for -1, else "ttl 250ms", "ttl 59.9s", "ttl 12.0m", "ttl 2.00h", "ttl 3.00d".
std::string FormatTtl(long long ttl_ms);
// A duration: "0.42ms", "12.3ms", "1.23s", "2.5m".
std::string FormatDuration(double ms);
// A share 0..1 as a percentage: "0.2%", "12.5%", "100%".
std::string FormatPercent(double share);

}  // namespace redis_testkit::cleanup

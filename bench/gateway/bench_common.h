// Shared by the gateway benchmarks: argument parsing, signal generation, the target connection.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "redis_testkit/client/connection.h"
#include "signal_gateway/signal.h"

namespace signal_gateway::bench {

// --name value pairs; `required` names must be present. Exits with usage on error.
std::map<std::string, std::string> ParseArgs(int argc, char** argv, const std::string& usage,
                                             const std::vector<std::string>& required);

// The Redis the benchmark may FLUSHALL: an explicit --redis-url, never a default.
redis_testkit::client::Endpoint TargetEndpoint(const std::map<std::string, std::string>& args);
redis_testkit::client::Connection Connect(const redis_testkit::client::Endpoint& endpoint);

// "api-7d9f8b6c5d-" + 5 characters of Kubernetes' pod-name alphabet: a realistic Deployment pod.
std::string PodName(long long i, const std::string& prefix = "api-7d9f8b6c5d-");
// A firing critical Pod alert with its fingerprint computed.
Signal PodSignal(const std::string& alertname, const std::string& ns, const std::string& pod);

}  // namespace signal_gateway::bench

#include "bench_common.h"

#include <cstdlib>
#include <iostream>

#include "signal_gateway/fingerprint.h"

namespace signal_gateway::bench {

std::map<std::string, std::string> ParseArgs(int argc, char** argv, const std::string& usage,
                                             const std::vector<std::string>& required) {
  std::map<std::string, std::string> args;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::cout << usage;
      std::exit(0);
    }
    if (arg.rfind("--", 0) != 0 || i + 1 >= argc) {
      std::cerr << "bad argument " << arg << "\n" << usage;
      std::exit(2);
    }
    args[arg.substr(2)] = argv[++i];
  }
  for (const std::string& name : required) {
    if (args.count(name) == 0) {
      std::cerr << "--" << name << " is required\n" << usage;
      std::exit(2);
    }
  }
  return args;
}

redis_testkit::client::Endpoint TargetEndpoint(const std::map<std::string, std::string>& args) {
  return redis_testkit::client::Endpoint::ParseUrl(args.at("redis-url"));
}

redis_testkit::client::Connection Connect(const redis_testkit::client::Endpoint& endpoint) {
  redis_testkit::client::ConnectionOptions options;
  options.endpoint = endpoint;
  options.command_timeout = std::chrono::milliseconds(30'000);
  return redis_testkit::client::Connection(options);
}

std::string PodName(long long i, const std::string& prefix) {
  static const std::string kAlphabet = "bcdfghjklmnpqrstvwxz2456789";
  std::string suffix;
  for (int d = 0; d < 5; ++d) {
    suffix.push_back(kAlphabet[static_cast<std::size_t>(i % 27)]);
    i /= 27;
  }
  return prefix + suffix;
}

Signal PodSignal(const std::string& alertname, const std::string& ns, const std::string& pod) {
  Signal signal;
  signal.alertname = alertname;
  signal.ns = ns;
  signal.resource = Resource{"Pod", pod, ns};
  signal.severity = "critical";
  signal.fingerprint = ComputeFingerprint(alertname, signal.resource);
  return signal;
}

}  // namespace signal_gateway::bench

// gateway-server: the signal gateway as a process. Flags/--config -> GatewayConfig (validated),
// remediation requests as JSON lines to --rr-file, serves until SIGINT/SIGTERM.
#include <spdlog/spdlog.h>

#include <csignal>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "signal_gateway/gateway.h"
#include "signal_gateway/gateway_config.h"
#include "signal_gateway/http_server.h"
#include "signal_gateway/json_lines_file_sink.h"

int main(int argc, char** argv) {
  using namespace signal_gateway;
  const std::string program = argc > 0 ? argv[0] : "gateway-server";
  CommandLine command_line;
  try {
    command_line = ParseCommandLine(std::vector<std::string>(argv + 1, argv + argc));
  } catch (const ConfigError& e) {
    const std::string message = e.what();
    std::cerr << program << ": " << message << "\n";
    if (message.find("--help") == std::string::npos)
      std::cerr << "(see " << program << " --help)\n";
    return 2;
  }
  if (command_line.help) {
    std::cout << UsageText(program);
    return 0;
  }
  const GatewayConfig& config = command_line.config;

  // Block the stop signals in every thread; the main thread waits for them with sigwait.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  try {
    std::shared_ptr<Sink> sink = std::make_shared<JsonLinesFileSink>(config.rr_file);
    Gateway gateway(config, sink);
    if (!gateway.Warmup()) {
      spdlog::warn("Redis at {} does not answer yet; /ready stays 503 until it does",
                   config.RedisUrl());
    }
    HttpServer http(gateway);
    const int port = http.Start(config.listen_host, config.listen_port);
    spdlog::info(
        "signal gateway listening on {}:{} (Redis {}, dedup {} ms, storm {}x in {} ms, "
        "rate {}/{} ms)",
        config.listen_host, port, config.RedisUrl(), config.dedup_ttl.count(),
        config.storm_threshold, config.storm_window.count(), config.rate_limit,
        config.rate_window.count());
    int received = 0;
    sigwait(&stop_signals, &received);
    spdlog::info("signal {} received, stopping", received);
    http.Stop();
  } catch (const std::exception& e) {
    spdlog::error("{}", e.what());
    return 1;
  }
  return 0;
}

// `redis-testkit load`: open-loop load with honest latency (redis_testkit::ops RunLoad).
#include <cmath>
#include <cstdio>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "commands.h"
#include "flags.h"
#include "redis_testkit/client/endpoint.h"
#include "redis_testkit/client/errors.h"
#include "redis_testkit/config.h"
#include "redis_testkit/ops/load.h"

namespace redis_testkit::cli {
namespace {

// "2000", "2e4", or "max" (unthrottled).
void ParseRate(const std::string& text, ops::LoadOptions& options) {
  if (text == "max") {
    options.unthrottled = true;
    return;
  }
  std::size_t used = 0;
  double rate = 0;
  try {
    rate = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || !std::isfinite(rate) || rate <= 0) {
    throw UsageError("--rate must be a number of requests per second above 0 (or max), not '" +
                     text + "'");
  }
  options.rate = rate;
}

// "10s", "500ms", "2m"; a bare number is refused (seconds or milliseconds?).
std::chrono::milliseconds ParseSpan(const std::string& text, const std::string& flag) {
  if (!text.empty() && text.find_first_not_of("0123456789") == std::string::npos) {
    throw UsageError(flag + " needs a unit: " + text + "s or " + text + "ms, not '" + text + "'");
  }
  try {
    return ParseDuration(text, flag);
  } catch (const std::invalid_argument& error) {
    throw UsageError(error.what());
  }
}

struct Flags {
  std::optional<std::string> url;
  std::optional<std::string> rate;
  std::optional<std::string> duration;
  std::optional<std::string> connections;
  std::optional<std::string> timeout;
  std::optional<std::string> max_in_flight;
  bool json = false;
  std::vector<std::string> command;
};

ops::LoadOptions ParseOptions(const Flags& flags) {
  ops::LoadOptions options;
  options.command = flags.command;
  const std::optional<std::string>& url = flags.url;
  const std::optional<std::string>& rate = flags.rate;
  const std::optional<std::string>& duration = flags.duration;
  const std::optional<std::string>& connections = flags.connections;
  const std::optional<std::string>& timeout = flags.timeout;
  const std::optional<std::string>& in_flight = flags.max_in_flight;
  if (!url) throw UsageError("--url redis://host:port is required");
  if (!rate) throw UsageError("--rate R (requests per second, or max) is required");
  if (!duration) throw UsageError("--duration D (e.g. 10s) is required");
  if (options.command.empty()) throw UsageError("the command goes after --, e.g. -- PING");
  try {
    options.endpoint = client::Endpoint::ParseUrl(*url);  // masks the password in its error
  } catch (const std::invalid_argument& error) {
    throw UsageError(error.what());
  }
  ParseRate(*rate, options);
  options.duration = ParseSpan(*duration, "--duration");
  if (connections) options.connections = ParseInt(*connections, "--connections", 1, 1024);
  if (timeout) options.request_timeout = ParseSpan(*timeout, "--timeout");
  if (in_flight) options.max_in_flight = ParseInt(*in_flight, "--max-in-flight", 1, 1'000'000);
  options.drain = options.request_timeout;
  try {
    ops::ValidateLoadOptions(options);
  } catch (const std::invalid_argument& error) {
    throw UsageError(error.what());
  }
  return options;
}

int Run(const Flags& flags) {
  const bool json = flags.json;
  const ops::LoadOptions options = ParseOptions(flags);
  try {
    const ops::LoadResult result = ops::RunLoad(options);
    const std::string out = json ? result.ToJson() : result.ToText();
    std::fputs(out.c_str(), stdout);
    return result.ErrorCount() == 0 ? kExitOk : kExitFailed;
  } catch (const client::Error& error) {  // cannot connect, AUTH refused
    std::fprintf(stderr, "redis-testkit load: cannot reach the server: %s\n", error.what());
    return kExitUsage;
  }
}

Action Define(CLI::App& app) {
  auto flags = std::make_shared<Flags>();
  AddValue(app, "--url", flags->url, "URL", "the server (required), e.g. redis://127.0.0.1:6379");
  AddValue(app, "--rate", flags->rate, "R|max",
           "requests per second (required), or max: no schedule, as fast as it answers");
  AddValue(app, "--duration", flags->duration, "D", "how long to send (required): 10s, 500ms, 2m");
  AddValue(app, "--connections", flags->connections, "N", "connections (default 1)");
  AddValue(app, "--timeout", flags->timeout, "T",
           "a request unanswered after T is a timeout (default 2s)");
  AddValue(app, "--max-in-flight", flags->max_in_flight, "M",
           "--rate max: requests in flight per connection (default 1)");
  AddSwitch(app, "--json", flags->json,
            "print the result as JSON, with every window and the server's samples");
  app.add_option("COMMAND", flags->command,
                 "the command and its arguments, after -- (placeholders: above)")
      ->type_name("ARGS");
  return [flags] { return Run(*flags); };
}

}  // namespace

const Subcommand kLoadCommand{
    "load", "open-loop load at a fixed rate, latency from the intended and the actual send",
    "Sends COMMAND at R requests per second for D (e.g. 10s, 500ms) over N connections\n"
    "(default 1). The schedule is open-loop: requests are due at fixed times whatever the replies\n"
    "do, and latency is timed from the time each request was due (intended: what a user waiting\n"
    "for it saw, a server stall included) and from the time it left (actual). Prints the\n"
    "achieved rate, errors by kind (timeout, io, or the error reply's first word: ERR,\n"
    "WRONGTYPE, OOM...), p50/p90/p99/p99.9/max of both, and the slowest 1 s window; --json\n"
    "prints every window and the INFO / LATENCY LATEST samples too. --rate max: no schedule,\n"
    "M requests in flight per connection (default 1), as fast as the server answers.\n"
    "A request unanswered after T (default 2s) is a timeout; the run ends at most T after D.\n\n"
    "Placeholders in ARGS: {seq} (0, 1, ...), {rand} (0..2^32-1), {rand:N} (0..N-1),\n"
    "{payload:BYTES} (e.g. {payload:16}, {payload:1kb}); a literal '{' is written '{{'.\n"
    "  redis-testkit load --url redis://127.0.0.1:6379 --rate 1000 --duration 10s \\\n"
    "      -- SET k:{seq} {payload:16}\n",
    "Exit codes of load (the shared codes below; it never returns 3 or 4):\n"
    "  0  the run finished and every request was answered without an error\n"
    "  1  the run finished with errors (timeouts, I/O failures or error replies)\n"
    "  2  bad command line (rate 0, unknown placeholder, ...) or the server cannot be reached\n",
    Define};

}  // namespace redis_testkit::cli

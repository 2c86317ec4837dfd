// `redis-testkit fill`: fills a capped Redis to a share of its maxmemory (redis_testkit::ops fill).
#include <cstdio>
#include <optional>
#include <stdexcept>
#include <string>

#include "commands.h"
#include "flags.h"
#include "redis_testkit/client/connection.h"
#include "redis_testkit/client/errors.h"
#include "redis_testkit/config.h"
#include "redis_testkit/ops/fill.h"

namespace redis_testkit::cli {
namespace {

// `parse(text)`, with its std::invalid_argument (ConfigError included) turned into a UsageError
// naming the flag.
template <typename Parse>
auto ParseFlag(const std::string& flag, const std::string& text, Parse parse) {
  try {
    return parse(text);
  } catch (const std::invalid_argument& error) {
    throw UsageError(flag + " " + RedactUrl(text) + ": " + error.what());
  }
}

struct Flags {
  std::optional<std::string> url;
  std::optional<std::string> to;
  std::optional<std::string> layout;
  std::optional<std::string> value_size;
  bool json = false;
};

ops::FillOptions Options(const Flags& flags) {
  ops::FillOptions options;
  if (const std::optional<std::string>& layout = flags.layout) {
    options.layout = ParseFlag("--layout", *layout, ops::ParseFillLayout);
  }
  if (const std::optional<std::string>& size = flags.value_size) {
    const long long bytes = ParseFlag("--value-size", *size, [](const std::string& t) {
      return ParseMemorySize(t, "--value-size");
    });
    if (bytes <= 0 || bytes > 64LL * 1024 * 1024) {
      throw UsageError("--value-size " + *size + ": must be 1 byte .. 64mb");
    }
    options.value_size = static_cast<std::size_t>(bytes);
  }
  return options;
}

int Run(const Flags& flags) {
  const std::optional<std::string>& url = flags.url;
  const std::optional<std::string>& to = flags.to;
  const ops::FillOptions options = Options(flags);
  const bool json = flags.json;
  if (!url)
    throw UsageError("--url URL is required (the Redis to fill, e.g. redis://127.0.0.1:6379)");
  if (!to) throw UsageError("--to LEVEL is required (a share of maxmemory: 90% or 0.9)");
  const double fraction = ParseFlag("--to", *to, ops::ParseFillFraction);
  const client::Endpoint endpoint =
      ParseFlag("--url", *url, [](const std::string& t) { return client::Endpoint::ParseUrl(t); });
  const std::string shown = RedactUrl(*url);
  try {
    const auto timeout = LoadConfig().config.server.command_timeout;
    client::Connection connection({endpoint, timeout, timeout});
    const ops::FillResult result = ops::FillMemory(connection, fraction, options);
    const std::string out = json ? result.ToJson(shown) : result.ToText(shown);
    std::fputs(out.c_str(), stdout);
    return kExitOk;
  } catch (const ops::FillError& error) {
    std::fprintf(stderr, "redis-testkit %s\n", error.what());
    return kExitFailed;
  } catch (const client::Error& error) {
    std::fprintf(stderr, "redis-testkit fill: cannot fill %s: %s\n", shown.c_str(), error.what());
    return kExitFailed;
  }
}

Action Define(CLI::App& app) {
  auto flags = std::make_shared<Flags>();
  AddValue(app, "--url", flags->url, "URL",
           "the Redis to fill (required), e.g. redis://127.0.0.1:6379");
  AddValue(app, "--to", flags->to, "LEVEL",
           "the share of maxmemory to reach (required): 90% or 0.9");
  AddValue(app, "--layout", flags->layout, "strings|stream|list|hash",
           "what to write (default strings)");
  AddValue(app, "--value-size", flags->value_size, "BYTES",
           "bytes per value (default 1024; 512, 4kb...; at most 64mb)");
  AddSwitch(app, "--json", flags->json, "print the result as JSON");
  return [flags] { return Run(*flags); };
}

}  // namespace

const Subcommand kFillCommand{
    "fill", "fill a capped Redis to a share of its maxmemory",
    "Writes pipelined entries of the layout (default strings: SET; stream: XADD into one stream;\n"
    "list: RPUSH; hash: HSET) with values of --value-size bytes (default 1024; 512, 4kb...) until\n"
    "INFO used_memory reaches LEVEL of maxmemory within +-1% of maxmemory, never crossing it: no\n"
    "OOM rejection, no eviction caused by the fill. LEVEL: 90% or 0.9 (above 0, at most 100%).\n"
    "Keys start with redis-testkit:fill: (the kit's leak check counts them as fill data). Prints\n"
    "keys and bytes written, used_memory before/after, the level reached, the time, OOM\n"
    "rejections and evictions seen; --json prints the same as JSON.\n",
    "Exit codes of fill (the shared codes below; it never returns 4):\n"
    "  0  the level was reached\n"
    "  1  it could not be: no maxmemory, already above the level, a policy that evicts instead\n"
    "     of growing, an error reply, or the server could not be reached\n"
    "  2  bad command line (a bad --to, --layout, --value-size or --url names the flag)\n",
    Define};

}  // namespace redis_testkit::cli

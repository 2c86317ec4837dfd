// `redis-testkit audit`: a server's configuration against a profile (redis_testkit::ops audit).
#include <cstdio>
#include <optional>
#include <string>

#include "commands.h"
#include "flags.h"
#include "redis_testkit/client/connection.h"
#include "redis_testkit/client/errors.h"
#include "redis_testkit/containers/redis_server.h"
#include "redis_testkit/ops/audit.h"
#include "redis_testkit/ops/profile.h"

namespace redis_testkit::cli {
namespace {

// A reason to exit 2 (usage or connection): printed as is, without the usage text.
class AuditError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// --url, else REDIS_TESTKIT_URL, else the developer instance of `redis-testkit start`.
client::Endpoint Target(const std::optional<std::string>& url, const LoadedConfig& loaded) {
  if (url) return client::Endpoint::ParseUrl(*url);  // masks the password in its error
  const ServerConfig config = DeveloperServerConfig(loaded);
  if (config.runtime == Runtime::kExternal) return client::Endpoint::ParseUrl(config.url);
  std::optional<containers::RedisServer> server = containers::RedisServer::Find(config);
  if (!server || !server->IsRunning()) {
    throw AuditError("no --url, REDIS_TESTKIT_URL unset and no developer Redis named " +
                     config.name +
                     " runs; pass --url redis://host:port or start one with "
                     "`redis-testkit start`");
  }
  return server->endpoint();
}

int Audit(const std::string& profile_name, const std::optional<std::string>& url, bool json) {
  const LoadedConfig loaded = LoadConfig();
  const ops::Profile profile = ops::LoadProfile(profile_name);
  const client::Endpoint endpoint = Target(url, loaded);
  const auto timeout = loaded.config.server.command_timeout;
  client::Connection connection({endpoint, timeout, timeout});
  const ops::AuditReport report = ops::Audit(profile, connection);
  const std::string out = json ? report.ToJson() : report.ToText();
  std::fputs(out.c_str(), stdout);
  return report.Passed() ? kExitOk : kExitFailed;
}

struct Flags {
  std::optional<std::string> profile;
  std::optional<std::string> url;
  bool json = false;
};

int Run(const Flags& flags) {
  if (!flags.profile) throw UsageError("--profile NAME|FILE is required");
  try {
    return Audit(*flags.profile, flags.url, flags.json);
  } catch (const client::ReplyError& error) {  // CONFIG or INFO refused: not a configuration
    std::fprintf(stderr, "redis-testkit audit: %s\n", error.what());
    return kExitUsage;
  } catch (const client::Error& error) {  // cannot connect, timed out
    std::fprintf(stderr, "redis-testkit audit: cannot read the server: %s\n", error.what());
    return kExitUsage;
  } catch (const std::invalid_argument& error) {  // a bad profile, URL or REDIS_TESTKIT_* value
    std::fprintf(stderr, "redis-testkit audit: %s\n", error.what());
    return kExitUsage;
  } catch (const AuditError& error) {
    std::fprintf(stderr, "redis-testkit audit: %s\n", error.what());
    return kExitUsage;
  }
}

Action Define(CLI::App& app) {
  auto flags = std::make_shared<Flags>();
  AddValue(app, "--profile", flags->profile, "NAME|FILE",
           "the profile (required): durable-stream-buffer, cache, or a JSON file");
  AddValue(app, "--url", flags->url, "URL",
           "the server (default: REDIS_TESTKIT_URL, else the developer Redis)");
  AddSwitch(app, "--json", flags->json, "print the report as JSON");
  return [flags] { return Run(*flags); };
}

}  // namespace

const Subcommand kAuditCommand{
    "audit", "check a Redis server's configuration against a profile",
    "Reads every parameter (CONFIG GET *) and INFO in one connection and evaluates the profile's\n"
    "checks: one line per check (PASS, FAIL for a required check, WARN for a warn-level one) with\n"
    "the server's value, the expected one and, when it fails, the risk. --json prints the same as\n"
    "JSON. Profiles: the built-in durable-stream-buffer and cache, or a JSON file (README,\n"
    "\"Configuration audit\"). Without --url: REDIS_TESTKIT_URL, else the developer Redis of\n"
    "`redis-testkit start`.\n",
    "Exit codes of audit (the shared codes below; it never returns 3 or 4):\n"
    "  0  every required check passed (warnings may be printed)\n"
    "  1  a required check failed\n"
    "  2  bad command line, unknown or invalid profile, bad REDIS_TESTKIT_* value, or the\n"
    "     server could not be reached or read\n",
    Define};

}  // namespace redis_testkit::cli

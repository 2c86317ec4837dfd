#include "redis_testkit/config.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <string>

#include "config_from_env.h"

namespace redis_testkit {
namespace {

using std::chrono::milliseconds;
using testing::Env;
using testing::ErrorOf;
using testing::Load;

TEST(Config, DefaultsWhenNothingIsSet) {
  const Config c = Load({});
  EXPECT_EQ(c.server.runtime, Runtime::kAuto);
  EXPECT_EQ(c.server.image, "");
  EXPECT_EQ(c.server.maxmemory_bytes, 512LL * 1024 * 1024);
  EXPECT_EQ(c.server.maxmemory_policy, "noeviction");
  EXPECT_EQ(c.server.container_memory_bytes, 0);
  EXPECT_EQ(c.server.ContainerMemoryLimit(), 640LL * 1024 * 1024);
  EXPECT_EQ(c.server.port, 0);
  EXPECT_EQ(c.server.db, 0);
  EXPECT_EQ(c.server.url, "");
  EXPECT_EQ(c.server.name, "");
  EXPECT_EQ(c.server.redis_server, "redis-server");
  EXPECT_EQ(c.server.startup_timeout, milliseconds(15000));
  EXPECT_EQ(c.server.command_timeout, milliseconds(2000));
  EXPECT_EQ(c.cleanup.flush, FlushMode::kAuto);
  EXPECT_FALSE(c.cleanup.allow_remote_flush);
  EXPECT_EQ(c.cleanup.leak_policy, LeakPolicy::kFailNoTtl);
  EXPECT_TRUE(c.cleanup.leak_allowlist.empty());
  EXPECT_EQ(c.report.report_dir, "");
  EXPECT_EQ(c.report.log_level, "info");
  EXPECT_EQ(c.report.pool_dir, "");
  EXPECT_TRUE(c.unknown_variables.empty());
}

TEST(Config, EmptyValueMeansUnset) {
  const Config c = Load({{"REDIS_TESTKIT_MAXMEMORY", ""}, {"REDIS_TESTKIT_RUNTIME", "  "}});
  EXPECT_EQ(c.server.maxmemory_bytes, 512LL * 1024 * 1024);
  EXPECT_EQ(c.server.runtime, Runtime::kAuto);
}

TEST(Config, Runtime) {
  EXPECT_EQ(Load({{"REDIS_TESTKIT_RUNTIME", "podman"}}).server.runtime, Runtime::kPodman);
  EXPECT_EQ(Load({{"REDIS_TESTKIT_RUNTIME", "Docker"}}).server.runtime, Runtime::kDocker);
  EXPECT_EQ(Load({{"REDIS_TESTKIT_RUNTIME", "process"}}).server.runtime, Runtime::kProcess);
  EXPECT_EQ(Load({{"REDIS_TESTKIT_RUNTIME", "auto"}}).server.runtime, Runtime::kAuto);
  EXPECT_EQ(ErrorOf({{"REDIS_TESTKIT_RUNTIME", "kubernetes"}}),
            "REDIS_TESTKIT_RUNTIME=\"kubernetes\" is not a runtime; accepted: auto, podman, "
            "docker, process, external");
}

TEST(Config, UrlImpliesExternal) {
  const Config c = Load({{"REDIS_TESTKIT_URL", "redis://10.0.0.5:6380/3"}});
  EXPECT_EQ(c.server.runtime, Runtime::kExternal);
  EXPECT_EQ(c.server.url, "redis://10.0.0.5:6380/3");
  EXPECT_EQ(Load({{"REDIS_TESTKIT_URL", "unix:///run/redis.sock?db=1"},
                  {"REDIS_TESTKIT_RUNTIME", "external"}})
                .server.runtime,
            Runtime::kExternal);
}

TEST(Config, UrlConflictsAndMissingUrl) {
  EXPECT_EQ(ErrorOf({{"REDIS_TESTKIT_RUNTIME", "external"}}),
            "REDIS_TESTKIT_RUNTIME=external needs REDIS_TESTKIT_URL, e.g. "
            "redis://127.0.0.1:6379/0 or unix:///run/redis/redis.sock?db=0");
  EXPECT_EQ(ErrorOf({{"REDIS_TESTKIT_RUNTIME", "podman"}, {"REDIS_TESTKIT_URL", "redis://h"}}),
            "REDIS_TESTKIT_URL is set but REDIS_TESTKIT_RUNTIME=podman; a URL means an external "
            "server: unset one of the two");
}

TEST(Config, BadUrlNeverPrintsThePassword) {
  const std::string message = ErrorOf({{"REDIS_TESTKIT_URL", "http://:hunter2@host:6379"}});
  EXPECT_EQ(message,
            "REDIS_TESTKIT_URL=\"http://:***@host:6379\" is not a Redis URL; use "
            "redis://[:password@]host[:port][/db] or unix:///path/to/redis.sock[?db=N]");
  EXPECT_EQ(message.find("hunter2"), std::string::npos);
}

TEST(RedactUrl, PlainForms) {
  EXPECT_EQ(RedactUrl("redis://:pw@h:1/2"), "redis://:***@h:1/2");
  EXPECT_EQ(RedactUrl("redis://user:pw@h"), "redis://user:***@h");  // the user name stays
  EXPECT_EQ(RedactUrl("redis://pw@h"), "redis://***@h");            // legacy: password only
  EXPECT_EQ(RedactUrl("redis://h:1/2"), "redis://h:1/2");           // no credentials
  EXPECT_EQ(RedactUrl("redis://[::1]:1/2"), "redis://[::1]:1/2");
  EXPECT_EQ(RedactUrl("unix://:pw@/tmp/r.sock"), "unix://:***@/tmp/r.sock");
  EXPECT_EQ(RedactUrl("unix:///tmp/r.sock?db=1"), "unix:///tmp/r.sock?db=1");
}

TEST(RedactUrl, PasswordWithSlash) {
  EXPECT_EQ(RedactUrl("redis://:pa/ss@h:1/0"), "redis://:***@h:1/0");
  EXPECT_EQ(RedactUrl("redis://:/pass@h:1/0"), "redis://:***@h:1/0");
  EXPECT_EQ(RedactUrl("redis://:pass/@h:1/0"), "redis://:***@h:1/0");
  EXPECT_EQ(RedactUrl("redis://alice:a/b/c@h"), "redis://alice:***@h");
}

TEST(RedactUrl, PasswordWithAt) {
  EXPECT_EQ(RedactUrl("redis://:pa@ss@h:1/0"), "redis://:***@h:1/0");
  EXPECT_EQ(RedactUrl("redis://:@@@h:1/0"), "redis://:***@h:1/0");
  EXPECT_EQ(RedactUrl("redis://bob:x@y@h"), "redis://bob:***@h");
}

TEST(RedactUrl, PasswordWithSlashAndAt) {
  EXPECT_EQ(RedactUrl("redis://:S3cr/t@x@127.0.0.1:6379/0"), "redis://:***@127.0.0.1:6379/0");
  EXPECT_EQ(RedactUrl("redis://:a@/b@h:1/0"), "redis://:***@h:1/0");  // "@/" inside the password
  EXPECT_EQ(RedactUrl("redis://:/@/@h"), "redis://:***@h");
  EXPECT_EQ(RedactUrl("unix://:S3cr/t@x@/run/r.sock?db=1"), "unix://:***@/run/r.sock?db=1");
  EXPECT_EQ(RedactUrl("unix://:a@/b@/run/r.sock"), "unix://:***@/run/r.sock");
}

TEST(RedactUrl, PercentEncodedPassword) {
  EXPECT_EQ(RedactUrl("redis://:S3cr%2Ft%40x@127.0.0.1:6379/0"), "redis://:***@127.0.0.1:6379/0");
  EXPECT_EQ(RedactUrl("redis://al%40ice:p%3As@h"), "redis://al%40ice:***@h");
  EXPECT_EQ(RedactUrl("unix://:S3cr%2Ft%40x@/run/r.sock"), "unix://:***@/run/r.sock");
}

TEST(RedactUrl, UnixSocketPathWithAt) {
  EXPECT_EQ(RedactUrl("unix:///tmp/a@b.sock"), "unix:///tmp/a@b.sock");  // no credentials
  EXPECT_EQ(RedactUrl("unix:///run/u@/r.sock?db=2"), "unix:///run/u@/r.sock?db=2");
  EXPECT_EQ(RedactUrl("unix://:pw@/tmp/a@b.sock"), "unix://:***@/tmp/a@b.sock");
  EXPECT_EQ(RedactUrl("unix://u:pw@/tmp/a@b.sock?db=3"), "unix://u:***@/tmp/a@b.sock?db=3");
}

TEST(RedactUrl, Garbage) {
  EXPECT_EQ(RedactUrl(""), "");
  EXPECT_EQ(RedactUrl("nonsense"), "nonsense");
  EXPECT_EQ(RedactUrl("://"), "://");
  EXPECT_EQ(RedactUrl("http://:hunter2@host:6379"), "http://:***@host:6379");
  EXPECT_EQ(RedactUrl("rediss://:hunter2@host"), "rediss://:***@host");
  EXPECT_EQ(RedactUrl("hunter2@host:6379"), "***@host:6379");  // no scheme
  EXPECT_EQ(RedactUrl(":hunter2@host"), ":***@host");
  EXPECT_EQ(RedactUrl("redis:/:hunter2@host"), "redis:***@host");  // not a scheme
  EXPECT_EQ(RedactUrl("a@b://c"), "***@b://c");
  EXPECT_EQ(RedactUrl("redis://h/0?password=hunter2&db=1"), "redis://h/0?password=***&db=1");
  EXPECT_EQ(RedactUrl("redis://h?AuthToken=x;pwd=y#f"), "redis://h?AuthToken=***;pwd=***#f");
  EXPECT_EQ(RedactUrl("redis://h?db=1"), "redis://h?db=1");
}

// Whatever a password holds, neither its clear nor its percent-encoded form survives, in any of
// the URL forms the kit accepts.
TEST(RedactUrl, NoPasswordSurvivesInAnyForm) {
  const auto encode = [](const std::string& text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (const char c : text) {
      const auto u = static_cast<unsigned char>(c);
      if (std::isalnum(u) != 0) {
        out += c;
      } else {
        out += '%';
        out += kHex[u >> 4];
        out += kHex[u & 15];
      }
    }
    return out;
  };
  for (const std::string password : {"Zq9/Kx@7Wm", "Zq9@/Kx", "Zq9/@Kx", "Zq9:Kx/@@/", "Zq9?db=1@x",
                                     "Zq9#frag@/x", "Zq9%41", "Zq9 sp@ce", "Zq9//@@//", "@/Zq9"}) {
    for (const std::string& secret : {password, encode(password)}) {
      for (const std::string& url :
           {"redis://:" + secret + "@127.0.0.1:6379/0", "redis://alice:" + secret + "@h",
            "redis://" + secret + "@h:1", "unix://:" + secret + "@/run/r.sock?db=1",
            "unix://u:" + secret + "@/tmp/a@b.sock", "http://:" + secret + "@h",
            ":" + secret + "@h"}) {
        const std::string shown = RedactUrl(url);
        EXPECT_EQ(shown.find(password), std::string::npos) << url << " -> " << shown;
        EXPECT_EQ(shown.find(encode(password)), std::string::npos) << url << " -> " << shown;
        EXPECT_NE(shown.find("***"), std::string::npos) << url << " -> " << shown;
      }
    }
  }
}

TEST(UrlCredentialsEnd, TheOneSplit) {
  constexpr std::size_t kNone = std::string_view::npos;
  EXPECT_EQ(UrlCredentialsEnd("redis://h:1/0"), kNone);
  EXPECT_EQ(UrlCredentialsEnd("redis://:pw@h"), 11U);
  EXPECT_EQ(UrlCredentialsEnd("redis://:a@/b@h:1/0"), 13U);
  EXPECT_EQ(UrlCredentialsEnd("unix:///a@b.sock"), kNone);
  EXPECT_EQ(UrlCredentialsEnd("unix://:pw@/a@b.sock"), 10U);
  EXPECT_EQ(UrlCredentialsEnd("unix://:a@/b@/s.sock"), 12U);
  EXPECT_EQ(UrlCredentialsEnd("unix://:pw@relative"), 10U);
  EXPECT_EQ(UrlCredentialsEnd("nonsense"), kNone);
}

TEST(Config, Image) {
  EXPECT_EQ(Load({{"REDIS_TESTKIT_IMAGE", "redis:7.2"}}).server.image, "redis:7.2");
}

TEST(Config, Maxmemory) {
  EXPECT_EQ(Load({{"REDIS_TESTKIT_MAXMEMORY", "64mb"}}).server.maxmemory_bytes, 64LL << 20);
  EXPECT_EQ(Load({{"REDIS_TESTKIT_MAXMEMORY", "1048576"}}).server.maxmemory_bytes, 1LL << 20);
  EXPECT_EQ(ErrorOf({{"REDIS_TESTKIT_MAXMEMORY", "lots"}}),
            "REDIS_TESTKIT_MAXMEMORY=\"lots\" is not a byte size; use a whole number of bytes "
            "with an optional unit (case-insensitive): k, m, g = 1000, 1000^2, 1000^3; kb, mb, "
            "gb or KiB, MiB, GiB = 1024, 1024^2, 1024^3 (e.g. 536870912, 100k, 512mb, 64MiB, "
            "1gb)");
}

TEST(Config, MaxmemoryPolicy) {
  for (const char* policy : {"noeviction", "allkeys-lru", "allkeys-lfu", "allkeys-random",
                             "volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl"}) {
    EXPECT_EQ(Load({{"REDIS_TESTKIT_MAXMEMORY_POLICY", policy}}).server.maxmemory_policy, policy);
  }
  EXPECT_EQ(Load({{"REDIS_TESTKIT_MAXMEMORY_POLICY", "AllKeys-LRU"}}).server.maxmemory_policy,
            "allkeys-lru");
  EXPECT_EQ(ErrorOf({{"REDIS_TESTKIT_MAXMEMORY_POLICY", "lru"}}),
            "REDIS_TESTKIT_MAXMEMORY_POLICY=\"lru\" is not a maxmemory policy; accepted: "
            "noeviction, allkeys-lru, allkeys-lfu, allkeys-random, volatile-lru, volatile-lfu, "
            "volatile-random, volatile-ttl");
}

TEST(Config, ContainerMemory) {
  const Config c = Load({{"REDIS_TESTKIT_CONTAINER_MEMORY", "1gb"}});
  EXPECT_EQ(c.server.container_memory_bytes, 1LL << 30);
  EXPECT_EQ(c.server.ContainerMemoryLimit(), 1LL << 30);
  EXPECT_THROW(Load({{"REDIS_TESTKIT_CONTAINER_MEMORY", "big"}}), ConfigError);
  EXPECT_EQ(
      ErrorOf({{"REDIS_TESTKIT_CONTAINER_MEMORY", "64mb"}, {"REDIS_TESTKIT_MAXMEMORY", "64mb"}}),
      "REDIS_TESTKIT_CONTAINER_MEMORY=64mb does not exceed REDIS_TESTKIT_MAXMEMORY=64mb: "
      "the container would be OOM-killed before Redis reaches its cap; raise it or unset "
      "it (default: maxmemory + max(64mb, maxmemory/4))");
}

TEST(Config, ContainerMemoryLimitDerivation) {
  ServerConfig s;
  s.maxmemory_bytes = 16LL << 20;
  EXPECT_EQ(s.ContainerMemoryLimit(), (16LL + 64) << 20);  // small: 64 MiB headroom
  s.maxmemory_bytes = 1LL << 30;
  EXPECT_EQ(s.ContainerMemoryLimit(), (1LL << 30) + (256LL << 20));  // large: a quarter
  s.maxmemory_bytes = 0;
  EXPECT_EQ(s.ContainerMemoryLimit(), 0);  // no cap, no cgroup limit
}

TEST(Config, Port) {
  EXPECT_EQ(Load({{"REDIS_TESTKIT_PORT", "0"}}).server.port, 0);
  EXPECT_EQ(Load({{"REDIS_TESTKIT_PORT", "65535"}}).server.port, 65535);
  EXPECT_EQ(Load({{"REDIS_TESTKIT_PORT", "16379"}}).server.port, 16379);
  EXPECT_EQ(ErrorOf({{"REDIS_TESTKIT_PORT", "65536"}}),
            "REDIS_TESTKIT_PORT=\"65536\" is not a TCP port (0 = ephemeral); use a whole number "
            "from 0 to 65535");
  for (const char* bad : {"-1", "http", "80x", "1.5"}) {
    EXPECT_THROW(Load({{"REDIS_TESTKIT_PORT", bad}}), ConfigError) << bad;
  }
}

TEST(Config, Db) {
  EXPECT_EQ(Load({{"REDIS_TESTKIT_DB", "15"}}).server.db, 15);
  EXPECT_EQ(ErrorOf({{"REDIS_TESTKIT_DB", "16"}}),
            "REDIS_TESTKIT_DB=\"16\" is not a Redis database number; use a whole number from 0 "
            "to 15");
  EXPECT_THROW(Load({{"REDIS_TESTKIT_DB", "one"}}), ConfigError);
}

TEST(Config, Name) {
  EXPECT_EQ(Load({{"REDIS_TESTKIT_NAME", "ci-redis_1.a"}}).server.name, "ci-redis_1.a");
  EXPECT_THROW(Load({{"REDIS_TESTKIT_NAME", "-leading-dash"}}), ConfigError);
  EXPECT_THROW(Load({{"REDIS_TESTKIT_NAME", "has space"}}), ConfigError);
  EXPECT_THROW(Load({{"REDIS_TESTKIT_NAME", "slash/y"}}), ConfigError);
}

TEST(Config, RedisServer) {
  EXPECT_EQ(
      Load({{"REDIS_TESTKIT_REDIS_SERVER", "/opt/redis/bin/redis-server"}}).server.redis_server,
      "/opt/redis/bin/redis-server");
}

TEST(Config, Timeouts) {
  const Config c =
      Load({{"REDIS_TESTKIT_STARTUP_TIMEOUT", "30s"}, {"REDIS_TESTKIT_COMMAND_TIMEOUT", "250ms"}});
  EXPECT_EQ(c.server.startup_timeout, milliseconds(30000));
  EXPECT_EQ(c.server.command_timeout, milliseconds(250));
  EXPECT_EQ(ErrorOf({{"REDIS_TESTKIT_COMMAND_TIMEOUT", "0"}}),
            "REDIS_TESTKIT_COMMAND_TIMEOUT=\"0\" must be longer than 0 ms");
  EXPECT_EQ(ErrorOf({{"REDIS_TESTKIT_STARTUP_TIMEOUT", "forever"}}),
            "REDIS_TESTKIT_STARTUP_TIMEOUT=\"forever\" is not a duration; use a whole number "
            "with an optional unit (case-insensitive): ms (the default), s, m, h, at most 100 "
            "years (e.g. 1500, 500ms, 15s, 2m, 1h)");
}

TEST(Config, Flush) {
  EXPECT_EQ(Load({{"REDIS_TESTKIT_FLUSH", "flushall"}}).cleanup.flush, FlushMode::kFlushAll);
  EXPECT_EQ(Load({{"REDIS_TESTKIT_FLUSH", "flushdb"}}).cleanup.flush, FlushMode::kFlushDb);
  EXPECT_EQ(Load({{"REDIS_TESTKIT_FLUSH", "none"}}).cleanup.flush, FlushMode::kNone);
  EXPECT_EQ(ErrorOf({{"REDIS_TESTKIT_FLUSH", "always"}}),
            "REDIS_TESTKIT_FLUSH=\"always\" is not a flush mode; accepted: auto, flushall, "
            "flushdb, none");
}

TEST(Config, AllowRemoteFlush) {
  for (const char* yes : {"1", "true", "YES", "on"}) {
    EXPECT_TRUE(Load({{"REDIS_TESTKIT_ALLOW_REMOTE_FLUSH", yes}}).cleanup.allow_remote_flush);
  }
  for (const char* no : {"0", "false", "No", "off"}) {
    EXPECT_FALSE(Load({{"REDIS_TESTKIT_ALLOW_REMOTE_FLUSH", no}}).cleanup.allow_remote_flush);
  }
  EXPECT_EQ(ErrorOf({{"REDIS_TESTKIT_ALLOW_REMOTE_FLUSH", "maybe"}}),
            "REDIS_TESTKIT_ALLOW_REMOTE_FLUSH=\"maybe\" is not a boolean; accepted: 1, 0, true, "
            "false, yes, no, on, off");
}

TEST(Config, LeakPolicy) {
  EXPECT_EQ(Load({{"REDIS_TESTKIT_LEAK_POLICY", "fail-any"}}).cleanup.leak_policy,
            LeakPolicy::kFailAny);
  EXPECT_EQ(Load({{"REDIS_TESTKIT_LEAK_POLICY", "report"}}).cleanup.leak_policy,
            LeakPolicy::kReport);
  EXPECT_EQ(Load({{"REDIS_TESTKIT_LEAK_POLICY", "off"}}).cleanup.leak_policy, LeakPolicy::kOff);
  EXPECT_EQ(Load({{"REDIS_TESTKIT_LEAK_POLICY", "fail-no-ttl"}}).cleanup.leak_policy,
            LeakPolicy::kFailNoTtl);
  EXPECT_EQ(ErrorOf({{"REDIS_TESTKIT_LEAK_POLICY", "strict"}}),
            "REDIS_TESTKIT_LEAK_POLICY=\"strict\" is not a leak policy; accepted: fail-no-ttl, "
            "fail-any, report, off");
}

TEST(Config, LeakAllowlist) {
  const Config c = Load({{"REDIS_TESTKIT_LEAK_ALLOWLIST", " cache:*, ,session:?,lock:[ab]* "}});
  EXPECT_EQ(c.cleanup.leak_allowlist,
            (std::vector<std::string>{"cache:*", "session:?", "lock:[ab]*"}));
}

TEST(Config, Directories) {
  const Config c =
      Load({{"REDIS_TESTKIT_REPORT_DIR", "/tmp/reports"}, {"REDIS_TESTKIT_POOL_DIR", "/tmp/pool"}});
  EXPECT_EQ(c.report.report_dir, "/tmp/reports");
  EXPECT_TRUE(c.report.report_dir_explicit);
  EXPECT_EQ(c.report.pool_dir, "/tmp/pool");
}

// Under ctest, redis_testkit_discover_tests sets REDIS_TESTKIT_DEFAULT_REPORT_DIR; the user's
// REDIS_TESTKIT_REPORT_DIR wins over it, and the fallback applies only when that is unset.
TEST(Config, UserReportDirWinsOverTheCtestDefault) {
  const Config both = Load({{"REDIS_TESTKIT_DEFAULT_REPORT_DIR", "/build/redis-testkit/reports"},
                            {"REDIS_TESTKIT_REPORT_DIR", "/home/me/reports"}});
  EXPECT_EQ(both.report.report_dir, "/home/me/reports");
  EXPECT_TRUE(both.report.report_dir_explicit);
  EXPECT_EQ(both.report.default_report_dir, "/build/redis-testkit/reports");

  const Config fallback =
      Load({{"REDIS_TESTKIT_DEFAULT_REPORT_DIR", "/build/redis-testkit/reports"}});
  EXPECT_EQ(fallback.report.report_dir, "/build/redis-testkit/reports");
  EXPECT_FALSE(fallback.report.report_dir_explicit);

  const Config blank = Load({{"REDIS_TESTKIT_DEFAULT_REPORT_DIR", "/build/r"},
                             {"REDIS_TESTKIT_REPORT_DIR", "  "}});  // set-but-empty: unset
  EXPECT_EQ(blank.report.report_dir, "/build/r");
  EXPECT_FALSE(blank.report.report_dir_explicit);

  const Config neither = Load({});
  EXPECT_EQ(neither.report.report_dir, "");  // ./redis-testkit-reports
  EXPECT_FALSE(neither.report.report_dir_explicit);
}

TEST(Config, LogLevel) {
  for (const char* level : {"trace", "debug", "info", "warn", "error", "off"}) {
    EXPECT_EQ(Load({{"REDIS_TESTKIT_LOG_LEVEL", level}}).report.log_level, level);
  }
  EXPECT_EQ(Load({{"REDIS_TESTKIT_LOG_LEVEL", "WARNING"}}).report.log_level, "warn");
  EXPECT_EQ(ErrorOf({{"REDIS_TESTKIT_LOG_LEVEL", "loud"}}),
            "REDIS_TESTKIT_LOG_LEVEL=\"loud\" is not a log level; accepted: trace, debug, info, "
            "warn, error, off");
}

TEST(Config, EveryVariableIsDocumentedAndRead) {
  std::set<std::string> asked;
  Config::FromLookup([&asked](std::string_view name) -> std::optional<std::string> {
    asked.emplace(name);
    return std::nullopt;
  });
  std::set<std::string> documented;
  for (const VariableDoc& doc : Variables()) {
    EXPECT_TRUE(doc.name.starts_with("REDIS_TESTKIT_")) << doc.name;
    EXPECT_FALSE(doc.default_value.empty()) << doc.name;
    EXPECT_FALSE(doc.description.empty()) << doc.name;
    documented.emplace(doc.name);
  }
  EXPECT_EQ(asked, documented);
  for (const char* name : {"REDIS_TESTKIT_RUNTIME",
                           "REDIS_TESTKIT_IMAGE",
                           "REDIS_TESTKIT_MAXMEMORY",
                           "REDIS_TESTKIT_MAXMEMORY_POLICY",
                           "REDIS_TESTKIT_CONTAINER_MEMORY",
                           "REDIS_TESTKIT_PORT",
                           "REDIS_TESTKIT_DB",
                           "REDIS_TESTKIT_URL",
                           "REDIS_TESTKIT_NAME",
                           "REDIS_TESTKIT_REDIS_SERVER",
                           "REDIS_TESTKIT_STARTUP_TIMEOUT",
                           "REDIS_TESTKIT_COMMAND_TIMEOUT",
                           "REDIS_TESTKIT_FLUSH",
                           "REDIS_TESTKIT_ALLOW_REMOTE_FLUSH",
                           "REDIS_TESTKIT_LEAK_POLICY",
                           "REDIS_TESTKIT_LEAK_ALLOWLIST",
                           "REDIS_TESTKIT_REPORT_DIR",
                           "REDIS_TESTKIT_LOG_LEVEL",
                           "REDIS_TESTKIT_POOL_DIR",
                           "REDIS_TESTKIT_DEFAULT_REPORT_DIR"}) {
    EXPECT_EQ(documented.count(name), 1u) << name;
  }
}

TEST(Config, EnumNamesRoundTrip) {
  for (Runtime r : {Runtime::kAuto, Runtime::kPodman, Runtime::kDocker, Runtime::kProcess,
                    Runtime::kExternal}) {
    EXPECT_EQ(ParseRuntime(ToString(r)), r);
  }
  for (FlushMode m :
       {FlushMode::kAuto, FlushMode::kFlushAll, FlushMode::kFlushDb, FlushMode::kNone}) {
    EXPECT_EQ(ParseFlushMode(ToString(m)), m);
  }
  for (LeakPolicy p :
       {LeakPolicy::kFailNoTtl, LeakPolicy::kFailAny, LeakPolicy::kReport, LeakPolicy::kOff}) {
    EXPECT_EQ(ParseLeakPolicy(ToString(p)), p);
  }
  EXPECT_THROW(ParseRuntime("vm", "--runtime"), ConfigError);
}

TEST(ConfigFromEnvironment, ReadsTheProcessEnvironmentAndNamesUnknownVariables) {
  // Each discovered test runs in its own process, so changing the environment here is contained.
  ::setenv("REDIS_TESTKIT_MAXMEMORY", "32mb", 1);
  ::setenv("REDIS_TESTKIT_MAXMEMROY", "64mb", 1);
  const Config c = Config::FromEnvironment();
  ::unsetenv("REDIS_TESTKIT_MAXMEMORY");
  ::unsetenv("REDIS_TESTKIT_MAXMEMROY");
  EXPECT_EQ(c.server.maxmemory_bytes, 32LL << 20);
  EXPECT_EQ(
      std::count(c.unknown_variables.begin(), c.unknown_variables.end(), "REDIS_TESTKIT_MAXMEMROY"),
      1);
}

TEST(ConfigFromEnvironment, ThrowsOnABadValue) {
  ::setenv("REDIS_TESTKIT_RUNTIME", "kubernetes", 1);
  EXPECT_THROW(Config::FromEnvironment(), ConfigError);
  ::unsetenv("REDIS_TESTKIT_RUNTIME");
}

}  // namespace
}  // namespace redis_testkit

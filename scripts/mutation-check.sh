#!/usr/bin/env bash
# Proves that the kit's tests can fail: removes each guarantee from the source in turn (a named
# mutation), rebuilds, runs the tests that must catch it, and prints one line per mutation:
#   killed     some test failed: the guarantee is tested
#   SURVIVED   every test passed without it: a blind test (exit 1)
#   ERROR      the mutation no longer applies to the source, or the build failed (exit 2)
# The source is restored after each mutation and on exit (even when interrupted).
#
# Usage: scripts/mutation-check.sh [--build-dir DIR] [--list] [NAME...]
#   --build-dir DIR  where to build (default build/mutation; configured from the dev preset with
#                    the benchmarks off)
#   --list           print the mutations and exit
#   --no-rebuild     leave the build directory as the last mutant left it (CI: nothing uses it
#                    afterwards); by default the unmutated kit is rebuilt at the end
#   NAME...          run only these mutations
# Needs redis-server on PATH (the tests start private servers with the process runtime) and
# python3 (to apply the replacements exactly).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
build_dir="$repo/build/mutation"
list=0
rebuild=1
only=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --build-dir) build_dir="$2"; shift ;;
    --list) list=1 ;;
    --no-rebuild) rebuild=0 ;;
    -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "mutation-check: unknown option $1" >&2; exit 2 ;;
    *) only+=("$1") ;;
  esac
  shift
done

# name | file | text to find (exactly once) | replacement | ctest -R regex of the tests that must fail
# Fields are separated by ' | ' (a space on each side); '\n' in the texts stands for a newline.
# A mutant must still build with -Werror: keep every variable and parameter used.
mutations=(
  "url-host-any-text | client/src/endpoint.cc | if (!IsHostText(endpoint.host, bracketed)) { | if (!IsHostText(endpoint.host, bracketed) && false) { | EndpointParseUrl"
  "info-total-keys-overflow | client/src/info.cc | total = keys > kMax - total ? kMax : total + keys; | total += figures.keys + 0 * keys + 0 * kMax; | ParseInfo"
  "no-flush | cleanup/src/flusher.cc | if (mode == FlushMode::kNone) return {}; | return {}; | TrustSelfTest|LeakySelfTest"
  "flush-wrong-db | fixtures/src/testkit_state.cc | const int db = TestDatabase(server_config); | const int db = (static_cast<void>(TestDatabase(server_config)), server_config.db); | TrustSelfTest"
  "no-leak-classification | cleanup/src/leak_classifier.cc | return key.HasTtl() ? LeakClass::kLeftBehind : LeakClass::kNoTtl; | return LeakClass::kLeftBehind; | LeakySelfTest|TrustSelfTest"
  "no-other-db-check | cleanup/src/cleanup_session.cc | if (keys == 0 || (db != test_db() && !options_.server_owned)) continue;\n    std::vector<LeakedKey> found; | if (keys == 0 || db != test_db()) continue;\n    std::vector<LeakedKey> found; | TrustSelfTest"
  "no-config-restore | cleanup/src/cleanup_session.cc | if (!hygiene_ || !hygiene_->MayHaveChanged(before_, after)) return; | if (!hygiene_ || hygiene_->MayHaveChanged(before_, after) || true) return; | TrustSelfTest"
  "no-cap-check | cleanup/src/server_hygiene.cc | if (maxmemory != baseline_.end() && ToNumber(maxmemory->second) != after.maxmemory) return true; | if (maxmemory != baseline_.end() && ToNumber(maxmemory->second) != after.maxmemory && false) return true; | ServerHygieneTest"
  "no-pool-slot-reset | cleanup/src/cleanup_session.cc | if (!reset_leftovers) return; | if (!reset_leftovers || true) return; | TrustSelfTest"
  "no-oom-check | cleanup/src/leak_classifier.cc | if (oom.rejections > 0 && !oom.expected) { | if (false) { | LeakySelfTest"
  "no-reconnect | cleanup/src/recovering_connection.cc | const Clock::time_point start = Clock::now();\n  const Clock::time_point deadline = | throw client::IoError(cause);\n  const Clock::time_point start = Clock::now();\n  const Clock::time_point deadline = | TrustSelfTest"
  "masking-off | config/src/redact.cc | std::string RedactUrl(std::string_view url) { | std::string RedactUrl(std::string_view url) {\n  if (!url.empty()) return std::string(url); | RedactUrl|SecretsSelfTest"
  "ctest-report-dir-wins | config/src/config.cc | if (!report.report_dir_explicit) report.report_dir = report.default_report_dir; | if (!report.default_report_dir.empty()) report.report_dir = report.default_report_dir; | UserReportDirWinsOverTheCtestDefault"
  "no-auto-install | fixtures/src/installation.cc | bool AutoInstall() noexcept {\n  redis_testkit::Install(); | bool AutoInstall() noexcept { | TrustSelfTest"
  "failure-at-listener | fixtures/src/redis_test_listener.cc | ADD_FAILURE_AT(test_info.file(), test_info.line()) << record.verdict.message; | ADD_FAILURE() << record.verdict.message; | TrustSelfTest"
  "audit-le-as-ge | ops/src/audit.cc | return actual <= expected; | return actual >= expected; | ProfileEvaluate|AuditServer"
  "audit-required-as-warn | ops/src/audit.cc | check.level == CheckLevel::kRequired ? CheckOutcome::kFail : CheckOutcome::kWarn; | (static_cast<void>(check.level), CheckOutcome::kWarn); | ProfileEvaluate|AuditServer|AuditSelfTest"
  "audit-password-shown | ops/src/check_value.cc | if (field == \"requirepass\" || field == \"masterauth\") | if (field == \"no-such-parameter\") | AuditServer"
  "audit-exit-code | cli/src/audit_command.cc | return report.Passed() ? kExitOk : kExitFailed; | return kExitOk; | AuditSelfTest"
  "load-latency-from-actual | ops/src/load_run.cc | result.intended_histogram.Record(at_ns - request.intended_ns); | result.intended_histogram.Record(at_ns - request.actual_ns); | LoadServerTest"
  "load-closed-loop | ops/src/load_run.cc | if (connection.in_flight() >= max_in_flight_) {  // waits for room; its due time stays\n      blocked_ = true;\n      return;\n    }\n    template_.AppendResp(connection.output(), next_seq_);\n    connection.Queued(DueNs(next_seq_)); | if (connection.in_flight() >= 1) {  // closed loop: the next request waits for the reply\n      blocked_ = max_in_flight_ > 0;\n      return;\n    }\n    template_.AppendResp(connection.output(), next_seq_);\n    connection.Queued(now_ns); | LoadServerTest"
  "load-histogram-no-sub-buckets | ops/src/latency_histogram.cc | const std::int64_t sub = (value >> shift) - kSubBuckets; | const std::int64_t sub = 0 * ((value >> shift) - kSubBuckets); | LatencyHistogramTest"
  "load-error-kind-lost | ops/src/load_connection.cc | return kind.empty() ? std::string_view(\"ERR\") : kind; | return kind.empty() ? std::string_view(\"ERR\") : std::string_view(\"ERR\"); | LoadServerTest"
  "load-outstanding-not-counted | ops/src/load_run.cc | if (connections_[i]->in_flight() > 0) Fail(i, \"timeout\", now_ns, result); | static_cast<void>(now_ns); | LoadServerTest"
  "load-rate-zero-accepted | ops/src/load.cc | Require(std::isfinite(options.rate) && options.rate > 0 && | Require(std::isfinite(options.rate) && options.rate >= 0 && | LoadOptionsTest"
  "load-exit-code | cli/src/load_command.cc | return result.ErrorCount() == 0 ? kExitOk : kExitFailed; | return kExitOk; | LoadCliTest"
  # The gateway's guarantees (issue 12: status rule, exactly one create, pipelined batches).
  "gateway-storm-opener-201 | gateway/src/gateway.cc | if (outcome.status == StepStatus::kCreated) created = true; | created = true; | StormDetection\\.(TheTenth|FifteenPodsSentOneByOne)"
  "gateway-sink-failure-confirmed | gateway/src/gateway.cc | published ? SettleAction::kConfirm : SettleAction::kRelease); | SettleAction::kConfirm); | ExactlyOnce\\.ASinkFailure"
  "gateway-file-sink-swallows | gateway/src/json_lines_file_sink.cc | if (written == text.size()) return; | if (written == text.size() || written < text.size()) return; | ExactlyOnce\\.ADiskFull"
  "gateway-unconfirmed-is-duplicate | gateway/src/signal_script.h | if p and not mine then | if false and p and not mine then | LostReply|CreateClaimTest"
  "gateway-storm-claim-not-held | gateway/src/signal_script.h | if q and started == 0 and not q_mine then held = 1 end | if false then held = 1 end | CreateClaimTest"
  "gateway-batch-not-pipelined | gateway/src/script_runner.cc | for (const Call& call : calls) pipeline.Add(EvalSha(call));\\n  std::vector<client::Reply> replies = pipeline.Execute(); | std::vector<client::Reply> replies;\\n  for (const Call& call : calls) replies.push_back(pipeline.Add(EvalSha(call)).Execute().front()); | CreateClaimTest\\.ABatch"
  "gateway-confirms-dropped | gateway/src/gateway.cc | if (unsettled_.size() < kMaxUnsettledClaims) unsettled_.push_back(std::move(claim)); | static_cast<void>(claim); | RedisFailure\\.ConfirmsLost"
  "expect-profile-line | fixtures/src/expect_profile.cc | ADD_FAILURE_AT(file, line) << \"profile \" | ADD_FAILURE() << \"profile \" | AuditSelfTest"
  "profile-not-on-command-line | containers/src/redis_command_line.cc | for (const auto& [name, value] : config.settings) args.insert(args.end(), {\"--\" + name, value}); | // mutated: no profile settings | AuditServer|AuditSelfTest"
  "profile-not-applied-by-kit | fixtures/src/testkit_state.cc | ops::ApplyProfileSettings(config_->server); | // mutated: REDIS_TESTKIT_PROFILE ignored | AuditSelfTest"
  "restart-no-loading-wait | containers/src/redis_server.cc | instance_->Launch();\n  WaitLoaded(*instance_, timeout); | instance_->Launch();\n  static_cast<void>(timeout); | ServerControlTest.*/process|CrashRecovery"
  "persistence-flags-dropped | containers/src/redis_command_line.cc | args.insert(args.end(), persistence.begin(), persistence.end()); | static_cast<void>(persistence); | ServerControlTest.*/process|CrashRecovery|RedisCommandLine"
  "resume-no-sigcont | containers/src/process_runtime.cc | void Resume() override { Signal(SIGCONT, \"resume\"); } | void Resume() override {} | ServerControlTest.*/process|ServerControlSelfTest"
  "pool-slot-not-revived | fixtures/src/testkit_state.cc | lease_->slot().name + \", \" + ToString(lease_->slot().runtime) + \")\";\n    ReviveLeasedSlot(); | lease_->slot().name + \", \" + ToString(lease_->slot().runtime) + \")\"; | ServerControlSelfTest"
  "no-heal-after-test | fixtures/src/redis_test_listener.cc | const std::string healed = state.HealAfterTest(); | const std::string healed; | ServerControlSelfTest"
  "external-server-controlled | fixtures/src/testkit_state.cc | if (!server.owned()) { | if (server.owned() && false) { | ServerControlSelfTest"
  "crash-trial-lost-zero | ops/src/crash_recovery.cc | result.lost = std::max(0LL, acknowledged - (result.recovered - result.unacknowledged_recovered)); | result.lost = 0; | CrashRecovery"
  "fill-overshoot | ops/src/fill.cc | constexpr double kStepShare = 0.9; | constexpr double kStepShare = 1.5; | FillLayoutTest|^Fill\\.|FillSelfTest"
  "fill-prefix-unknown-to-leak-check | cleanup/src/leak_classifier.cc | if (key.starts_with(kFillKeyPrefix)) return true; | static_cast<void>(kFillKeyPrefix); | FillSelfTest|FillKit|FillKeys"
  "stats-not-diffed | fixtures/src/pressure.cc | stats.evicted_keys = cleanup::CounterDiff(start.evicted_keys, now.evicted_keys); | stats.evicted_keys = now.evicted_keys + 0 * start.evicted_keys; | FillSelfTest"
  "fill-no-maxmemory-unnamed | ops/src/fill.cc | if (before.maxmemory <= 0) { | if (before.maxmemory < 0) { | FillErrors|FillSelfTest"
  "fill-to-150-accepted | ops/src/fill_report.cc | if (value > 1.0) { | if (value > 2.0) { | FillFraction|FillSelfTest"
  "fill-fraction-unchecked | ops/src/fill.cc | if (!(fraction > 0.0 && fraction <= 1.0)) { | if (!(fraction > 0.0 && fraction <= 2.0)) { | FillErrors|FillKit"
  "fill-cli-exit-code | cli/src/fill_command.cc | return kExitFailed;\n  } catch (const client::Error& error) { | return kExitOk;\n  } catch (const client::Error& error) { | FillSelfTest"
  "fill-password-shown | cli/src/fill_command.cc | const std::string shown = RedactUrl(*url); | const std::string shown = *url; | FillSelfTest"
  "proxy-no-latency | ops/src/fault_proxy_flow.cc | Chunk{.due = now + rules.latency, | Chunk{.due = now + (static_cast<void>(rules.latency), std::chrono::milliseconds(0)), | FaultProxy"
  "proxy-forwards-dropped-replies | ops/src/fault_proxy_session.cc | .discard = faults.blackhole || faults.drop_replies}; | .discard = faults.blackhole}; | FaultProxyFaultsTest"
  "proxy-blackhole-forwards | ops/src/fault_proxy_session.cc | .discard = faults.blackhole}; | .discard = false}; | FaultProxyFaultsTest"
  "proxy-no-reset | ops/src/fault_proxy_loop.cc | if (taken.reset) { | if (taken.reset && false) { | FaultProxyFaultsTest"
  "proxy-no-bandwidth-cap | ops/src/fault_proxy_flow.cc | if (bytes_per_second <= 0) { | if (bytes_per_second <= 0 || true) { | FaultProxyTest"
  "http-no-nodelay | gateway/src/http_connection_loop.cc | SetNoDelay(fd); | // mutated: Nagle on | HttpConnectionTest.KeepAlive"
  "http-no-keep-alive | gateway/src/http_connection_loop.cc | const bool keep = request.keep_alive && !response.close && !stopping_; | const bool keep = request.keep_alive && !response.close && !stopping_ && false; | HttpConnectionTest.KeepAlive|HttpConnectionTest.Pipelined"
  "http-keep-alive-holds-worker | gateway/src/http_connection_loop.cc | settings_.write_timeout);\n  { | settings_.write_timeout);\n  if (keep && sent) std::this_thread::sleep_for(settings_.read_timeout);\n  { | HttpConnectionTest.IdleAndSlow"
  "http-no-read-deadline | gateway/src/http_connection_loop.cc | if (connection.phase == Phase::kReading && age > settings_.read_timeout) { | if (connection.phase == Phase::kReading && age > settings_.read_timeout && false) { | HttpConnectionTest.Slow"
  "http-no-idle-timeout | gateway/src/http_connection_loop.cc | (connection.phase == Phase::kIdle && age > settings_.idle_timeout) | (connection.phase == Phase::kIdle && age > settings_.idle_timeout && false) | HttpConnectionTest.IdleKeepAlive"
  "http-no-eviction | gateway/src/http_connection_loop.cc | if (victim == nullptr) return false; | if (victim == nullptr || victim->fd >= 0) return false; | HttpConnectionTest.AtTheConnectionLimit"
  "html-not-escaped | cleanup/src/report_html.cc | out += \"&lt;\"; | out += \"<\"; | ReportHtmlTest"
  "merge-first-dir-only | cleanup/src/report_merge.cc | for (const std::filesystem::path& dir : dirs) ListReportFiles(dir, files); | ListReportFiles(dirs.front(), files); | ShardMergeTest"
  "merge-not-summing | cleanup/src/report_merge.cc | totals.Add(SuiteSummary::FromRecords(source.report.tests, kRunSlowest), kRunSlowest); | totals = SuiteSummary::FromRecords(source.report.tests, kRunSlowest); | ShardMergeTest|ReportDirTest"
  "shard-overlap | scripts/run-tests-local.sh | if (( i % shard_n == shard_k - 1 )); then | if (( i % shard_n <= shard_k - 1 )); then | consumer\\.shards"
  "shard-drop | scripts/run-tests-local.sh | if (( i % shard_n == shard_k - 1 )); then | if (( i % shard_n == shard_k - 1 && i > 0 )); then | consumer\\.shards"
  "buffer-oom-not-retryable | buffer/src/redis_link.cc | throw BackPressureError(Where() + | throw BufferError(Where() + | Producer\.Oom|MemoryPressure\.WithoutRetention|Monitoring\.AnyOom"
  "buffer-lag-trusted-after-trim | buffer/src/stream_state.cc | bool TrimmedPastGroup(const StreamInfo& stream, const GroupInfo& group) {\n | bool TrimmedPastGroup(const StreamInfo& stream, const GroupInfo& group) {\n  if (stream.length >= 0) return false;\n | ComputeGroup|Monitor\.EntriesTrimmed|Monitoring\.EntriesTrimmed"
  "buffer-xautoclaim-idle-ignored | buffer/src/consumer.cc | std::to_string(options_.claim_idle.count()), cursor, | std::to_string(0 * options_.claim_idle.count()), cursor, | Consumer\.ClaimsOnly|Faults\.ConsumerKilled"
  "buffer-no-retention | buffer/src/producer.cc | for (std::string& arg : options_.retention.TrimArgs(now_ms)) args.push_back(std::move(arg)); | static_cast<void>(now_ms); | Producer\.MaxLen|Producer\.MaxAge|Capacity\.Retention|Monitoring\.EntriesTrimmed"
  "buffer-own-pending-skipped | buffer/include/event_buffer/consumer.h | bool own_pending_first_ = true; | bool own_pending_first_ = false; | Consumer\.AfterARestart|Persistence\.TheConsumerGroupResumes"
  "buffer-oom-count-not-from-start | buffer/src/monitor.cc | info.OomRejections() - oom_baseline_; | info.OomRejections() + 0 * oom_baseline_; | Monitor\.OomRejections"
  "cluster-moved-no-refresh | client/src/cluster_connection.cc | OnMoved(redirect->slot, next); | static_cast<void>(redirect->slot); | ClusterConnection|ClusterPipeline"
  "cluster-ask-without-asking | client/src/cluster_connection.cc | if (asking) pipeline.Add({\"ASKING\"}); | static_cast<void>(asking); | ClusterConnection"
  "cluster-pipeline-order | client/src/cluster_pipeline.cc | replies[part.indices[j]] = std::move(node_replies[j]); | replies[filled] = std::move(node_replies[j]); | ClusterPipeline"
  "cluster-no-hash-tag | client/src/cluster_slots.cc | return Crc16(HashTag(key)) % kClusterSlotCount; | return Crc16(key) % kClusterSlotCount; | ClusterSlots|ClusterConnection"
  "cluster-no-tryagain-retry | client/src/cluster_redirect.cc | return error_text.starts_with(\"TRYAGAIN\") || error_text.starts_with(\"CLUSTERDOWN\"); | return error_text.starts_with(\"CLUSTERDOWN\"); | ClusterRedirect|ClusterConnection"
  "forbid-check-off | cleanup/src/test_limits.cc | if (figures.calls <= 0 || !Forbids(figures.command)) continue; | if (figures.calls <= 0 || Forbids(figures.command) || true) continue; | LeakySelfTest\.Forbidden|TestLimitsTest"
  "max-key-bytes-off | cleanup/src/cleanup_session.cc | record.oversized_keys = limits_.Oversized(described); | record.oversized_keys = {}; | LeakySelfTest\.AKeyAbove"
  "kit-commands-not-excluded | cleanup/src/cleanup_session.cc | r.commands = CommandProfile::Delta(before_, after, kit_commands_.Get(), kit_commands_.GetTimes()); | r.commands = CommandProfile::Delta(before_, after, {}, kit_commands_.GetTimes()); | LeakySelfTest\.EveryTest|LeakySelfTest\.SlowCommands"
  "fast-forward-commands-counted-as-tests | fixtures/src/fast_forward.cc | session.AddKitCommands(result.commands); | static_cast<void>(result.commands); | LeakySelfTest\.SlowCommands"
  "slowlog-not-read | cleanup/src/cleanup_session.cc | if (entries > 0) { | if (entries > 0 && false) { | LeakySelfTest\.SlowCommands"
  "fast-forward-not-shortening | ops/src/fast_forward.cc | redis.call('PEXPIRE', key, ttl - by) | redis.call('PEXPIRE', key, ttl) | FastForwardTest"
)

field() { awk -F' [|] ' -v n="$1" '{ print $n }' <<<"$2"; }

if [[ $list -eq 1 ]]; then
  for m in "${mutations[@]}"; do printf '%-24s %s\n' "$(field 1 "$m")" "$(field 2 "$m")"; done
  exit 0
fi
command -v python3 >/dev/null || { echo "mutation-check: python3 is needed" >&2; exit 2; }
command -v redis-server >/dev/null || { echo "mutation-check: redis-server is needed (scripts/install-deps.sh)" >&2; exit 2; }

backup_dir="$(mktemp -d /tmp/redis-testkit-mutation-XXXXXX)"
restore() {
  if [[ -f "$backup_dir/file" ]]; then
    cp "$backup_dir/file" "$repo/$(cat "$backup_dir/path")"
    rm -f "$backup_dir/file"
  fi
}
trap 'restore; rm -rf "$backup_dir"' EXIT
trap 'echo "mutation-check: interrupted, source restored" >&2; exit 130' INT TERM

# Replaces the text exactly once; exit 3 when it is not there exactly once.
apply() {
  python3 - "$repo/$1" "$2" "$3" <<'PY'
import sys
path, old, new = sys.argv[1], sys.argv[2].replace("\\n", "\n"), sys.argv[3].replace("\\n", "\n")
text = open(path).read()
if text.count(old) != 1:
    sys.exit(3)
open(path, "w").write(text.replace(old, new))
PY
}

targets=(redis_testkit_ops_fault_proxy_tests redis_testkit_ops_load_unit_tests redis_testkit_ops_load_tests redis_testkit_ops_load_cli_tests
         redis_testkit_leaky_tests redis_testkit_own_main_tests redis_testkit_trust_selftests
         redis_testkit_fixtures_selftests redis_testkit_cleanup_unit_tests
         redis_testkit_config_tests redis_testkit_secrets_selftests redis-testkit
         redis_testkit_ops_profile_tests redis_testkit_ops_audit_tests
         redis_testkit_ops_audit_kit_suite redis_testkit_ops_audit_selftests
         redis_testkit_containers_unit_tests redis_testkit_containers_integration_tests
         redis_testkit_ops_recovery_tests redis_testkit_server_control_suite
         redis_testkit_server_control_selftests
         redis_testkit_ops_fill_unit_tests redis_testkit_ops_fill_tests
         redis_testkit_ops_fill_kit_tests redis_testkit_ops_fill_leaky_suite
         redis_testkit_ops_fill_selftests
         event_buffer_unit_tests event_buffer_integration_tests buffer_scenarios
         buffer_durable_scenarios
         redis_testkit_client_unit_tests redis_testkit_client_integration_tests
         signal_gateway_integration_tests redis_testkit_ops_fast_forward_tests)
configure() {
  cmake --preset dev -B "$build_dir" -DREDIS_TESTKIT_BUILD_GATEWAY=ON -DREDIS_TESTKIT_BUILD_BUFFER=ON \
    -DREDIS_TESTKIT_BUILD_BENCH=OFF >"$build_dir.configure.log" 2>&1 \
    || { cat "$build_dir.configure.log" >&2; exit 2; }
}
build() { cmake --build "$build_dir" -j "$(nproc)" --target "${targets[@]}" >"$build_dir.build.log" 2>&1; }
# The targets a mutant needs: the executables of the tests that must catch it (their
# add_dependencies bring the suites and the CLI they run), plus the CLI. Relinking only these
# instead of every target keeps a mutation to a compile and a link or two. Prints nothing when a
# test runs something that is not one of the build's executables: build() then builds everything.
mutant_targets() {
  ctest --test-dir "$build_dir" -N -R "$1" -LE redis_testkit --show-only=json-v1 2>/dev/null \
    | python3 -c '
import json, os, sys
build = os.path.realpath(sys.argv[1])
names = {"redis-testkit"}
for test in json.load(sys.stdin).get("tests", []):
    command = test.get("command") or [""]
    path = os.path.realpath(command[0])
    if not path.startswith(build + os.sep):
        sys.exit(0)
    names.add(os.path.basename(path))
print(" ".join(sorted(names)))' "$build_dir"
}
targets+=(gateway_scenarios)  # the gateway scenarios catch the gateway mutations
build_mutant() {
  local needed
  needed="$(mutant_targets "$1")"
  [[ -n "$needed" ]] || { build; return; }
  # shellcheck disable=SC2086
  cmake --build "$build_dir" -j "$(nproc)" --target $needed >"$build_dir.build.log" 2>&1
}

mkdir -p "$(dirname "$build_dir")"
echo "==> mutation-check: building the unmutated kit in $build_dir"
configure
build || { tail -n 40 "$build_dir.build.log" >&2; echo "mutation-check: the unmutated build fails" >&2; exit 2; }

survived=0
errors=0
started=$SECONDS
for m in "${mutations[@]}"; do
  name="$(field 1 "$m")"; file="$(field 2 "$m")"; old="$(field 3 "$m")"; new="$(field 4 "$m")"
  tests="$(field 5 "$m")"
  if [[ ${#only[@]} -gt 0 && ! " ${only[*]} " == *" $name "* ]]; then continue; fi
  cp "$repo/$file" "$backup_dir/file"; echo "$file" >"$backup_dir/path"
  if ! apply "$file" "$old" "$new"; then
    restore
    printf '%-24s ERROR (the text to mutate is not in %s exactly once: update this script)\n' "$name" "$file"
    errors=$((errors + 1)); continue
  fi
  t0=$SECONDS
  if ! build_mutant "$tests"; then
    restore
    printf '%-24s ERROR (the mutant does not build: %s)\n' "$name" "$build_dir.build.log"
    errors=$((errors + 1)); continue
  fi
  if ctest --test-dir "$build_dir" -R "$tests" -LE redis_testkit -j 2 --timeout 180 --stop-on-failure \
       >"$build_dir.$name.log" 2>&1; then
    printf '%-24s SURVIVED (%s: every test passed without it; log %s)\n' "$name" "$file" "$build_dir.$name.log"
    survived=$((survived + 1))
  else
    failed="$(grep -c '\*\*\*Failed\|\*\*\*Timeout' "$build_dir.$name.log" || true)"
    printf '%-24s killed (%s tests failed, %d s)\n' "$name" "$failed" $((SECONDS - t0))
  fi
  restore
done
if [[ $rebuild -eq 1 ]]; then
  echo "==> mutation-check: rebuilding the unmutated kit"
  build || { echo "mutation-check: the restored source does not build" >&2; exit 2; }
fi
echo "==> mutation-check: ${#mutations[@]} mutations, $survived survived, $errors errors ($((SECONDS - started)) s)"
[[ $errors -eq 0 ]] || exit 2
[[ $survived -eq 0 ]] || exit 1

#!/usr/bin/env bash
# The kit as a downstream project sees it, checked from outside (ctest runs each mode as a test):
#
#   check_consumer.sh subdirectory SOURCE_DIR
#     add_subdirectory(kit) into a project with warnings of its own: it inherits neither -Werror
#     nor the kit's warning flags, the kit's tests/gateway/benchmarks are not part of its build,
#     redis_testkit_discover_tests is available, and its test source (every public header)
#     compiles under its stricter warnings.
#   check_consumer.sh no-pkg-config SOURCE_DIR BUILD_DIR
#     find_package(RedisTestkit) on an installed prefix where pkg-config is missing
#     (PKG_CONFIG_EXECUTABLE=/nonexistent): hiredis is found without it, the consumer
#     (fixtures/tests/consumer) builds and its tests pass.
#   check_consumer.sh report-dir SOURCE_DIR BUILD_DIR
#     the same installed consumer under ctest: with REDIS_TESTKIT_REPORT_DIR set, that directory
#     receives the per-process and the merged reports (and keeps every file that is not the
#     kit's); unset, the ctest default (<build>/redis-testkit/reports, merged into
#     <build>/redis-testkit) is used and the user's directory is left alone.
#   check_consumer.sh shards SOURCE_DIR BUILD_DIR
#     sharded CI: an installed consumer with 7 tests of known outcome (shard_consumer/) run by
#     scripts/run-tests-local.sh whole, then as --shard 1/2 and 2/2 (each in its own directory),
#     then `redis-testkit merge-reports` over the two shard directories: every test ran in
#     exactly one shard, and the merged totals (tests, passed, skipped, leaks) are the whole run's;
#     with GITHUB_STEP_SUMMARY set, the run appends leak-report.md to it.
set -euo pipefail

mode=${1:?mode: subdirectory, no-pkg-config, report-dir or shards}
src=$(cd "${2:?source dir}" && pwd)
here="$src/cmake/tests"
work=$(mktemp -d "${TMPDIR:-/tmp}/redis-testkit-consumer-XXXXXX")
trap 'rm -rf "$work"' EXIT

fail() { echo "check_consumer $mode: FAILED: $*" >&2; exit 1; }
step() { echo "check_consumer $mode: $*"; }
json_get() { cmake -DFILE="$1" "-DMEMBERS=$2" -P "$here/json_get.cmake"; }
# Every REDIS_TESTKIT_* variable of the outer environment removed (the outer ctest's included).
clean_env=(env)
while IFS='=' read -r name _; do
  [[ "$name" == REDIS_TESTKIT_* ]] && clean_env+=(-u "$name")
done < <(env)
clean_env+=(REDIS_TESTKIT_RUNTIME=process REDIS_TESTKIT_MAXMEMORY=16mb)

subdirectory() {
  local build="$work/build"
  step "configure a project that add_subdirectory()s the kit"
  cmake -S "$here/subdirectory_consumer" -B "$build" -G "Unix Makefiles" \
    -DREDIS_TESTKIT_SOURCE_DIR="$src" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >"$work/configure.log" 2>&1 \
    || { cat "$work/configure.log" >&2; fail "configure failed"; }

  local targets
  targets=$(cmake --build "$build" --target help)
  for target in redis-testkit redis_testkit_gtest_main my_tests; do
    grep -qx "\.\.\. $target" <<<"$targets" || fail "target $target is missing"
  done
  for target in redis_testkit_config_tests redis_testkit_client_unit_tests \
                redis_testkit_fixtures_selftests signal_gateway gateway-server gateway_scenarios \
                event_buffer event_buffer_unit_tests event_buffer_integration_tests \
                buffer_scenarios buffer_durable_scenarios buffer_throughput_scenario \
                bench redis_testkit_containers_bench; do
    if grep -qx "\.\.\. $target" <<<"$targets"; then
      fail "the kit's own $target is part of the consumer's build (its tests, gateway, buffer and benchmarks must default to off)"
    fi
  done
  step "the kit's tests, gateway and benchmarks are not built"

  local line
  line=$(grep -o '"command": "[^"]*my_tests\.cc"' "$build/compile_commands.json") \
    || fail "no compile command for my_tests.cc"
  for flag in -Werror -Wno-sign-conversion -Wnon-virtual-dtor -Wno-restrict; do
    if grep -q -- " $flag " <<<" ${line#*: } "; then
      fail "the consumer's my_tests.cc is compiled with the kit's $flag: $line"
    fi
  done
  grep -q -- "-Wold-style-cast" <<<"$line" || fail "the consumer's own flags are missing: $line"
  step "the consumer's compile line has its own warning flags only"

  local tests
  tests=$(ctest --test-dir "$build" -N)
  grep -q "redis_testkit.pool.up" <<<"$tests" || fail "redis_testkit_discover_tests did not add the pool fixture"
  step "redis_testkit_discover_tests works"

  cmake --build "$build" --target my_tests.o >"$work/compile.log" 2>&1 \
    || { cat "$work/compile.log" >&2; fail "my_tests.cc does not compile under the consumer's warnings"; }
  if grep -q "warning:" "$work/compile.log"; then
    cat "$work/compile.log" >&2
    fail "the kit's public headers warn under the consumer's flags"
  fi
  step "every public header compiles cleanly under the consumer's stricter warnings"
}

# Installs BUILD_DIR into a prefix and builds fixtures/tests/consumer (or $consumer_project)
# against it; extra arguments go to its configure step.
consumer_project="$src/fixtures/tests/consumer"
installed_consumer() {
  local build_dir=$1
  shift
  step "install $build_dir"
  cmake --install "$build_dir" --prefix "$work/prefix" >"$work/install.log" 2>&1 \
    || { cat "$work/install.log" >&2; fail "cmake --install failed (is the build complete?)"; }
  # A kit built with sanitizers (the asan preset) is static code that needs their runtime: its
  # consumer is built with the same compile and link flags, as a user of such a build must.
  local cxx_flags linker_flags
  cxx_flags=$(sed -n 's/^CMAKE_CXX_FLAGS:[A-Z]*=//p' "$build_dir/CMakeCache.txt")
  linker_flags=$(sed -n 's/^CMAKE_EXE_LINKER_FLAGS:[A-Z]*=//p' "$build_dir/CMakeCache.txt")
  step "configure and build ${consumer_project#"$src/"} against it $* ${cxx_flags:+(CXXFLAGS: $cxx_flags)}"
  cmake -S "$consumer_project" -B "$work/consumer" -DCMAKE_PREFIX_PATH="$work/prefix" \
    "-DCMAKE_CXX_FLAGS=$cxx_flags" "-DCMAKE_EXE_LINKER_FLAGS=$linker_flags" \
    -DREDIS_TESTKIT_POOL_SLOTS=1 "$@" >"$work/configure.log" 2>&1 \
    || { cat "$work/configure.log" >&2; fail "configuring the consumer failed"; }
  cmake --build "$work/consumer" -j 2 >"$work/build.log" 2>&1 \
    || { cat "$work/build.log" >&2; fail "building the consumer failed"; }
}

run_consumer_tests() {  # run_consumer_tests [VAR=value...]
  "${clean_env[@]}" "$@" ctest --test-dir "$work/consumer" --output-on-failure --no-tests=error \
    >"$work/ctest.log" 2>&1 || { cat "$work/ctest.log" >&2; fail "the consumer's tests failed"; }
}

no_pkg_config() {
  installed_consumer "$1" -DPKG_CONFIG_EXECUTABLE=/nonexistent
  grep -q "found without pkg-config" "$work/configure.log" \
    || { cat "$work/configure.log" >&2; fail "hiredis was not looked up without pkg-config"; }
  run_consumer_tests
  step "find_package(RedisTestkit) without pkg-config: built, tests passed"
}

# Per-process reports of the kit in a directory.
count_reports() {
  local n=0 file
  for file in "$1"/*.json; do
    [[ -f "$file" ]] && grep -q '"schema": "redis-testkit/leak-report"' "$file" && n=$((n + 1))
  done
  echo "$n"
}

report_dir() {
  installed_consumer "$1"
  local user="$work/my reports" ctest_dir="$work/consumer/redis-testkit"
  mkdir -p "$user"
  echo "mine" >"$user/notes.txt"
  echo '{"schema": "someone-elses"}' >"$user/other.json"
  echo '{"schema": "redis-testkit/leak-report", "version": 1}' >"$user/old-1-20000101T000000Z.json"

  step "ctest with REDIS_TESTKIT_REPORT_DIR='$user'"
  run_consumer_tests "REDIS_TESTKIT_REPORT_DIR=$user"
  [[ "$(count_reports "$user")" == 2 ]] \
    || { ls -la "$user" >&2; fail "expected the 2 per-process reports of this run in the user's directory"; }
  [[ ! -e "$user/old-1-20000101T000000Z.json" ]] || fail "the previous run's report was not removed"
  [[ -f "$user/notes.txt" && -f "$user/other.json" ]] || fail "a file that is not the kit's was removed"
  [[ -f "$user/leak-report.json" && -f "$user/leak-report.md" ]] \
    || { ls -la "$user" >&2; fail "no merged report in the user's directory"; }
  [[ "$(json_get "$user/leak-report.json" "totals;tests")" == 2 ]] \
    || fail "the merged report does not hold this run's 2 tests"
  [[ "$(count_reports "$ctest_dir/reports")" == 0 && ! -e "$ctest_dir/leak-report.json" ]] \
    || fail "reports went to the ctest default although REDIS_TESTKIT_REPORT_DIR was set"
  step "the user's directory got the per-process and merged reports; other files kept"

  step "ctest without REDIS_TESTKIT_REPORT_DIR"
  local before
  before=$(ls -l --time-style=+%s.%N "$user")
  run_consumer_tests
  [[ "$(count_reports "$ctest_dir/reports")" == 2 ]] \
    || { ls -la "$ctest_dir" "$ctest_dir/reports" >&2; fail "no per-process reports in the ctest default"; }
  [[ "$(json_get "$ctest_dir/leak-report.json" "totals;tests")" == 2 ]] \
    || fail "no merged report of the 2 tests in $ctest_dir"
  [[ "$(ls -l --time-style=+%s.%N "$user")" == "$before" ]] || fail "the user's directory was touched"
  step "the ctest default got them; the user's directory was left alone"

  step "ctest with REDIS_TESTKIT_REPORT_DIR again: the previous run's reports are replaced"
  run_consumer_tests "REDIS_TESTKIT_REPORT_DIR=$user"
  [[ "$(count_reports "$user")" == 2 && "$(json_get "$user/leak-report.json" "totals;tests")" == 2 ]] \
    || { ls -la "$user" >&2; fail "reports of two runs mixed in the user's directory"; }
}

# The names of the test cases of a ctest JUnit file, the kit's fixtures left out, sorted.
junit_tests() {
  grep -o '<testcase name="[^"]*"' "$1" | sed 's/^<testcase name="//; s/"$//' \
    | grep -v '^redis_testkit\.' | sort
}

shards() {
  consumer_project="$here/shard_consumer"
  installed_consumer "$1"
  local run="$src/scripts/run-tests-local.sh" ctest_dir="$work/consumer/redis-testkit"
  local cli="$work/prefix/bin/redis-testkit"
  local dir part
  step "the whole run (on GitHub Actions: GITHUB_STEP_SUMMARY set)"
  echo "an earlier step's summary" >"$work/step-summary.md"
  "${clean_env[@]}" GITHUB_STEP_SUMMARY="$work/step-summary.md" "$run" --build-dir "$work/consumer" \
    --all --jobs 1 >"$work/whole.log" 2>&1 || { cat "$work/whole.log" >&2; fail "the whole run failed"; }
  [[ "$(head -n 1 "$work/step-summary.md")" == "an earlier step's summary" ]] \
    && grep -q '^# Redis test kit report' "$work/step-summary.md" \
    || fail "leak-report.md was not appended to GITHUB_STEP_SUMMARY"
  for part in 1 2; do
    step "shard $part/2"
    "${clean_env[@]}" "$run" --build-dir "$work/consumer" --all --jobs 1 --shard "$part/2" \
      >"$work/shard-$part.log" 2>&1 || { cat "$work/shard-$part.log" >&2; fail "shard $part/2 failed"; }
    dir="$ctest_dir/shard-$part-of-2"
    [[ -f "$dir/junit.xml" && -f "$dir/leak-report.json" && -f "$dir/leak-report.html" ]] \
      || { ls -la "$dir" >&2; fail "shard $part/2 did not write its junit.xml and reports into $dir"; }
  done

  junit_tests "$ctest_dir/junit.xml" >"$work/whole.tests"
  junit_tests "$ctest_dir/shard-1-of-2/junit.xml" >"$work/shard-1.tests"
  junit_tests "$ctest_dir/shard-2-of-2/junit.xml" >"$work/shard-2.tests"
  [[ "$(wc -l <"$work/whole.tests")" == 7 ]] || { cat "$work/whole.tests" >&2; fail "the whole run did not run the 7 tests"; }
  [[ -s "$work/shard-1.tests" && -s "$work/shard-2.tests" ]] || fail "a shard ran no test"
  local twice
  twice=$(comm -12 "$work/shard-1.tests" "$work/shard-2.tests")
  [[ -z "$twice" ]] || fail "tests in both shards: $twice"
  sort "$work/shard-1.tests" "$work/shard-2.tests" | cmp -s - "$work/whole.tests" \
    || fail "the shards together did not run exactly the whole run's tests: $(sort "$work/shard-1.tests" "$work/shard-2.tests" | diff - "$work/whole.tests" | tr '\n' ' ')"
  step "every test in exactly one shard ($(wc -l <"$work/shard-1.tests") + $(wc -l <"$work/shard-2.tests"))"

  "$cli" merge-reports --dir "$ctest_dir/shard-1-of-2" --dir "$ctest_dir/shard-2-of-2" \
    --out "$work/merged" >"$work/merge.log" 2>&1 || { cat "$work/merge.log" >&2; fail "merge-reports of the shards failed"; }
  local field whole merged
  for field in tests passed failed skipped tests_with_leaks leaked_keys leaked_bytes no_ttl_keys; do
    whole=$(json_get "$ctest_dir/leak-report.json" "totals;$field")
    merged=$(json_get "$work/merged/leak-report.json" "totals;$field")
    [[ "$whole" == "$merged" ]] || fail "totals.$field: $merged merged from the shards, $whole in the whole run"
  done
  [[ "$(json_get "$work/merged/leak-report.json" "totals;tests")" == 7 &&
     "$(json_get "$work/merged/leak-report.json" "totals;skipped")" == 1 &&
     "$(json_get "$work/merged/leak-report.json" "totals;leaked_keys")" == 9 ]] \
    || fail "the merged totals are not the 7 tests (1 skipped) and 9 leaked keys of shard_tests.cc"
  step "two shards plus a merge: the whole run's totals (7 tests, 1 skipped, 9 leaked keys)"
}

case "$mode" in
  subdirectory) subdirectory ;;
  no-pkg-config) no_pkg_config "$(cd "${3:?build dir}" && pwd)" ;;
  report-dir) report_dir "$(cd "${3:?build dir}" && pwd)" ;;
  shards) shards "$(cd "${3:?build dir}" && pwd)" ;;
  *) fail "unknown mode" ;;
esac
step "passed"

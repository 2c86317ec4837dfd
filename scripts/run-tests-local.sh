#!/usr/bin/env bash
# Configures, builds and runs the gateway scenarios (or, with --all, every test) in parallel against
# a pool of memory-capped Redis servers, then prints a summary: tests passed/failed, peak Redis
# memory, leaked keys. Works from a fresh clone once scripts/install-deps.sh has run.
#
# Usage: scripts/run-tests-local.sh [--all] [--jobs N] [--preset NAME] [--shard K/N]
#                                   [--build-dir DIR] [--help]
#   --all            build everything and run every test (unit, integration, scenario)
#   --jobs N         parallel ctest jobs, and Redis servers in the pool (default 4)
#   --preset NAME    CMake configure preset (default dev); the build goes to build/NAME
#   --shard K/N      run only the K-th of N disjoint parts of the chosen tests (1 <= K <= N): the
#                    tests as `ctest -N` lists them, the pool/merge fixtures left out, test i (from
#                    0) in part i % N + 1; every test is in exactly one part, the same one on every
#                    machine of the same build. The fixtures run in every part that needs them.
#                    The part's artifacts go to their own directory (below), so N CI jobs each
#                    upload theirs and one more job merges them: `redis-testkit merge-reports
#                    --dir A --dir B --out DIR` (totals: the sums of the parts)
#   --build-dir DIR  an already configured and built ctest tree (any project that uses
#                    redis_testkit_discover_tests): no configure, no build, its tests run
#   --help           this text
#
# Environment: REDIS_TESTKIT_MAXMEMORY defaults to 32mb here (the cap the scenarios must pass
# under); every other REDIS_TESTKIT_* variable is passed through (`redis-testkit env` lists them).
# Artifacts, in build/NAME/redis-testkit/:
#   junit.xml         every test case (ctest --output-junit), with the kit's Redis properties
#   leak-report.json  merged leak report of all test processes (totals, patterns, every test)
#   leak-report.md    the same for people
#   reports/          the per-process reports it was merged from
#   leak-report.html  the same as one self-contained page (chart of memory per test, tables)
# When REDIS_TESTKIT_REPORT_DIR is set (a relative path is taken from the current directory),
# the per-process reports and leak-report.json / .md / .html go there instead; junit.xml stays.
# With --shard K/N, everything of the part (junit.xml, the per-process reports and the merged
# ones) goes to shard-K-of-N/ in build/NAME/redis-testkit/ (or in REDIS_TESTKIT_REPORT_DIR).
# When GITHUB_STEP_SUMMARY is set (GitHub Actions), leak-report.md is appended to it.
# Exit codes: 0 all passed, 1 a test failed (or leaked a key without TTL), 2 usage error,
#             3 configure or build failed, 130 interrupted.
set -euo pipefail

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }
die_usage() { echo "run-tests-local: $*" >&2; echo >&2; usage >&2; exit 2; }

all=0
jobs=4
preset=dev
shard=""
given_build_dir=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --all) all=1 ;;
    --jobs)
      [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || die_usage "--jobs needs a positive number"
      jobs="$2"; shift ;;
    --jobs=*) jobs="${1#--jobs=}"; [[ "$jobs" =~ ^[1-9][0-9]*$ ]] || die_usage "--jobs needs a positive number" ;;
    --preset)
      [[ $# -ge 2 && -n "$2" ]] || die_usage "--preset needs a name (dev, release, asan, tidy)"
      preset="$2"; shift ;;
    --preset=*) preset="${1#--preset=}" ;;
    --shard|--shard=*)
      if [[ "$1" == --shard ]]; then
        [[ $# -ge 2 ]] || die_usage "--shard needs K/N (e.g. 1/2)"
        shard="$2"; shift
      else
        shard="${1#--shard=}"
      fi ;;
    --build-dir)
      [[ $# -ge 2 && -n "$2" ]] || die_usage "--build-dir needs a directory"
      given_build_dir="$2"; shift ;;
    --build-dir=*) given_build_dir="${1#--build-dir=}" ;;
    -h|--help) usage; exit 0 ;;
    *) die_usage "unknown option: $1" ;;
  esac
  shift
done

if [[ -n "$shard" ]]; then
  [[ "$shard" =~ ^([1-9][0-9]*)/([1-9][0-9]*)$ ]] \
    || die_usage "--shard needs K/N with 1 <= K <= N (e.g. 1/2), not '$shard'"
  shard_k="${BASH_REMATCH[1]}"
  shard_n="${BASH_REMATCH[2]}"
  [[ $shard_k -le $shard_n ]] || die_usage "--shard $shard: K must not exceed N"
fi
if [[ -n "$given_build_dir" ]]; then
  [[ -f "$given_build_dir/CMakeCache.txt" ]] \
    || die_usage "--build-dir $given_build_dir: not a configured CMake build (no CMakeCache.txt)"
  given_build_dir="$(cd "$given_build_dir" && pwd)"
fi

# The user's report directory wins (as under plain ctest); every test process runs in its own
# directory, so a relative one is made absolute from where this script was called.
report_dir_set="$(tr -d ' \t' <<<"${REDIS_TESTKIT_REPORT_DIR:-}")"
if [[ -n "$report_dir_set" && "${REDIS_TESTKIT_REPORT_DIR}" != /* ]]; then
  export REDIS_TESTKIT_REPORT_DIR="$PWD/$REDIS_TESTKIT_REPORT_DIR"
fi

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
build_dir="${given_build_dir:-$repo/build/$preset}"
export REDIS_TESTKIT_MAXMEMORY="${REDIS_TESTKIT_MAXMEMORY:-32mb}"
say() { echo "==> run-tests-local: $*"; }

for tool in cmake ctest; do
  command -v "$tool" >/dev/null 2>&1 || { echo "run-tests-local: $tool not found: run scripts/install-deps.sh" >&2; exit 3; }
done

# --- configure + build ------------------------------------------------------------------------
if [[ -n "$given_build_dir" ]]; then
  say "the tests of $build_dir (configured and built already)"
  if [[ $all -eq 1 ]]; then labels=(); what="every test"; else labels=(-L scenario); what="the scenarios"; fi
else
  say "configure (preset $preset, $jobs pooled Redis servers, REDIS_TESTKIT_MAXMEMORY=$REDIS_TESTKIT_MAXMEMORY)"
  mkdir -p "$repo/build"
  configure_log="$repo/build/configure-$preset.log"
  # The systems under test are turned on explicitly: a build directory another tool configured
  # without them (-D...=OFF stays in the cache) must not silently drop their scenarios.
  if ! cmake --preset "$preset" -DREDIS_TESTKIT_POOL_SLOTS="$jobs" -DREDIS_TESTKIT_BUILD_GATEWAY=ON \
       -DREDIS_TESTKIT_BUILD_BUFFER=ON >"$configure_log" 2>&1; then
    cat "$configure_log" >&2
    echo "run-tests-local: configure failed (log above, also in $configure_log):" \
         "did scripts/install-deps.sh run?" >&2
    exit 3
  fi
  build_jobs="$(nproc 2>/dev/null || echo 2)"
  if [[ $all -eq 1 ]]; then
    say "build everything"
    cmake --build "$build_dir" -j "$build_jobs" || { echo "run-tests-local: build failed" >&2; exit 3; }
    labels=()
    what="every test"
  else
    say "build the scenarios and the redis-testkit CLI"
    cmake --build "$build_dir" -j "$build_jobs" --target gateway_scenarios redis-testkit \
      || { echo "run-tests-local: build failed" >&2; exit 3; }
    labels=(-L scenario)
    what="the gateway scenarios"
  fi
fi

ctest_dir="$(sed -n 's/^REDIS_TESTKIT_CTEST_DIR:[A-Z]*=//p' "$build_dir/CMakeCache.txt")"
ctest_dir="${ctest_dir:-$build_dir/redis-testkit}"
cli="$build_dir/cli/redis-testkit"
if [[ ! -x "$cli" ]]; then  # another project's build: the CLI its pool fixture runs
  cli="$(ctest --test-dir "$build_dir" -N -V -R '^redis_testkit\.pool\.up$' \
           | sed -n 's/^[0-9]*: Test command: \([^ ]*\).*/\1/p' | head -n 1)"
  [[ -x "$cli" ]] || { echo "run-tests-local: no redis-testkit CLI in $build_dir (does it use redis_testkit_discover_tests?)" >&2; exit 3; }
fi
junit="$ctest_dir/junit.xml"
mkdir -p "$ctest_dir"

# --- the part of the tests this run takes -------------------------------------------------------
# `ctest -I 0,0,0,n1,n2,...` runs exactly the tests numbered n1, n2, ... (ctest's own numbers,
# listed without a filter), plus the fixtures they require.
selection=("${labels[@]}")
if [[ -n "$shard" ]]; then
  list_tests() {  # "NUMBER NAME" per test, in ctest's order
    ctest --test-dir "$build_dir" -N "$@" | sed -n 's/^ *Test *#\([0-9]*\): \(.*\)$/\1 \2/p'
  }
  fixture_numbers=" $(list_tests -L '^redis_testkit$' | awk '{ printf "%s ", $1 }')"
  chosen=()
  while read -r number _; do
    [[ "$fixture_numbers" == *" $number "* ]] || chosen+=("$number")
  done < <(list_tests "${labels[@]}")
  part=()
  for i in "${!chosen[@]}"; do
    if (( i % shard_n == shard_k - 1 )); then part+=("${chosen[$i]}"); fi
  done
  say "shard $shard_k/$shard_n: ${#part[@]} of the ${#chosen[@]} chosen tests"
  if [[ ${#part[@]} -eq 0 ]]; then
    echo "run-tests-local: shard $shard_k/$shard_n has no test (${#chosen[@]} tests for $shard_n parts): nothing to run"
    exit 0
  fi
  selection=(-I "0,0,0,$(IFS=,; echo "${part[*]}")")
  # Everything of this part in a directory of its own: its JUnit, per-process and merged reports.
  shard_dir="${REDIS_TESTKIT_REPORT_DIR:-$ctest_dir}/shard-$shard_k-of-$shard_n"
  mkdir -p "$shard_dir"
  export REDIS_TESTKIT_REPORT_DIR="$shard_dir"
  junit="$shard_dir/junit.xml"
  what="$what, shard $shard_k/$shard_n"
fi
rm -f "$junit"
# The report directories as the ctest fixture resolves them (REDIS_TESTKIT_REPORT_DIR, else the
# ctest default), and the previous run's reports removed from them (only the kit's own files).
reports_cli() { REDIS_TESTKIT_DEFAULT_REPORT_DIR="$ctest_dir/reports" "$cli" "$@" --default-out "$ctest_dir"; }
dirs="$(reports_cli clean-reports)" || { echo "run-tests-local: redis-testkit clean-reports failed" >&2; exit 3; }
report_dir="$(sed -n 's/^report directory: //p' <<<"$dirs")"
merged_dir="$(sed -n 's/^merged reports: //p' <<<"$dirs")"
report="$merged_dir/leak-report.json"

# --- run ----------------------------------------------------------------------------------------
# ctest's fixture stops the pool after the last test; this trap also stops it when the run is
# interrupted or ctest dies (pool down is idempotent).
cleanup() {
  if [[ -x "$cli" && -d "$ctest_dir/pool" ]]; then
    "$cli" pool down --dir "$ctest_dir/pool" >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT
trap 'echo; echo "run-tests-local: interrupted, stopping Redis" >&2; cleanup; exit 130' INT TERM

say "run $what: ctest ${selection[*]} -j $jobs"
start_s=$(date +%s)
set +e
ctest --test-dir "$build_dir" "${selection[@]}" -j "$jobs" --output-on-failure --timeout 300 \
  --no-tests=error --output-junit "$junit"
ctest_rc=$?
set -e
wall_s=$(( $(date +%s) - start_s ))
# ctest's JUnit has no GoogleTest properties: add each test's Redis figures from the reports.
if [[ -f "$junit" && -d "$report_dir" ]]; then
  reports_cli merge-reports --junit "$junit" | tail -n 1 \
    || echo "run-tests-local: could not add the Redis properties to $junit" >&2
fi

# --- summary ------------------------------------------------------------------------------------
echo
echo "==================== summary ===================="
echo "wall time        ${wall_s} s (ctest -j $jobs, Redis start included)"
# The <testsuite ...> element's attributes (ctest writes one per line).
junit_line="$(awk '/<testsuite/ { f = 1 } f { printf "%s ", $0 } f && />/ { exit }' "$junit" 2>/dev/null | tr '\t' ' ' || true)"
attr() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$junit_line"; }
if [[ -n "$junit_line" ]]; then
  echo "ctest            $(attr tests) tests, $(attr failures) failed, $(attr skipped) skipped (junit: $junit)"
fi
leak_rc=0
if [[ -f "$report" ]]; then
  if command -v python3 >/dev/null 2>&1; then
    python3 - "$report" <<'PY' || leak_rc=$?
import json, sys
doc = json.load(open(sys.argv[1]))
t = doc.get("totals", {})
def size(n):
    for unit in ("B", "KB", "MB", "GB"):
        if abs(n) < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.2f} {unit}"
        n /= 1024
print(f"kit tests        {t.get('tests', 0)} ({t.get('passed', 0)} passed, {t.get('failed', 0)} failed, {t.get('skipped', 0)} skipped)")
print(f"peak Redis       {size(t.get('peak_used_memory', 0))} used ({t.get('peak_test') or '-'})")
print(f"keys left        {t.get('leaked_keys', 0)} ({size(t.get('leaked_bytes', 0))}) by {t.get('tests_with_leaks', 0)} tests; "
      f"without TTL (leaks that fail): {t.get('no_ttl_keys', 0)}")
print(f"OOM rejections   {t.get('oom_rejections', 0)} in {t.get('tests_with_oom', 0)} tests (declared ones do not fail)")
for p in doc.get("patterns", [])[:5]:
    print(f"  {p.get('pattern')}: {p.get('count')} keys, {p.get('bytes')} B, no TTL {p.get('no_ttl', 0)}, {p.get('tests')} tests")
for w in doc.get("warnings", []):
    print(f"warning          {w}")
sys.exit(1 if t.get("no_ttl_keys", 0) > 0 or t.get("failed", 0) > 0 else 0)
PY
  else
    # No python3: the fields of the "totals" object (the text after its key starts with them).
    totals="$(tr -d '\n' <"$report" | sed 's/.*"totals": *{//')"
    field() { grep -o "\"$1\": *[0-9]*" <<<"$totals" | head -1 | grep -o '[0-9]*$' || echo 0; }
    echo "kit tests        $(field tests) ($(field passed) passed, $(field failed) failed)"
    echo "peak Redis       $(field peak_used_memory) bytes used"
    echo "keys left        $(field leaked_keys) ($(field leaked_bytes) bytes); without TTL: $(field no_ttl_keys)"
    [[ "$(field no_ttl_keys)" == 0 && "$(field failed)" == 0 ]] || leak_rc=1
  fi
  echo "leak report      $report (+ leak-report.md, leak-report.html)"
  markdown="$merged_dir/leak-report.md"
  if [[ -n "${GITHUB_STEP_SUMMARY:-}" && -f "$markdown" ]]; then
    { [[ -n "$shard" ]] && echo "Shard $shard_k of $shard_n"; cat "$markdown"; echo; } >>"$GITHUB_STEP_SUMMARY" \
      && echo "step summary     $markdown appended to GITHUB_STEP_SUMMARY"
  fi
else
  echo "leak report      missing: $report was not written (did redis_testkit.reports.merge run?)"
  leak_rc=1
fi
echo "================================================="

if [[ $ctest_rc -ne 0 || $leak_rc -ne 0 ]]; then
  echo "run-tests-local: FAILED (ctest exit $ctest_rc)" >&2
  exit 1
fi
echo "run-tests-local: all passed"

#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/, clang with -fsanitize=fuzzer,address,undefined) in
# build/fuzz and runs each for the given number of seconds, FUZZ_JOBS targets at a time.
#
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]
#   SECONDS   how long each target runs (default 60)
#   TARGET    only these targets (names as in fuzz/corpus/: redis_url, info, ...); default: all
# Environment:
#   FUZZ_JOBS           targets run at the same time (default 2)
#   FUZZ_TIMEOUT_S      one input taking longer is a hang (default 10)
#   FUZZ_RSS_LIMIT_MB   memory limit per target process (default 2048)
#   FUZZ_BUILD_DIR      build directory (default build/fuzz; configured when missing)
#
# The seed corpora in fuzz/corpus/<target>/ are only read: new inputs go to the work directory
# BUILD_DIR/fuzz-work/<target>/corpus (kept between runs, so a later run starts from them), the
# log to BUILD_DIR/fuzz-work/<target>/log. A crash, hang (timeout), out-of-memory or leak exits 1
# naming the target and the input file that triggers it (saved in the work directory), with the
# command that replays it. Exit codes: 0 nothing found, 1 a finding or a build failure, 2 usage.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=60
targets=()
for arg in "$@"; do
  case "$arg" in
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *[!0-9]*) targets+=("$arg") ;;
    *) seconds=$arg ;;
  esac
done
if [[ $seconds -lt 1 ]]; then
  echo "fuzz: SECONDS must be at least 1, got $seconds" >&2
  exit 2
fi
jobs=${FUZZ_JOBS:-2}
timeout_s=${FUZZ_TIMEOUT_S:-10}
rss_limit_mb=${FUZZ_RSS_LIMIT_MB:-2048}
build_dir=${FUZZ_BUILD_DIR:-build/fuzz}
work_dir="$build_dir/fuzz-work"

if [[ ${#targets[@]} -eq 0 ]]; then
  for dir in fuzz/corpus/*/; do targets+=("$(basename "$dir")"); done
fi
for target in "${targets[@]}"; do
  if [[ ! -f "fuzz/fuzz_$target.cc" ]]; then
    echo "fuzz: unknown target '$target' (known: $(ls fuzz/corpus | tr '\n' ' '))" >&2
    exit 2
  fi
done
command -v clang++ >/dev/null || { echo "fuzz: clang++ not found (scripts/install-deps.sh)" >&2; exit 1; }

if [[ ! -f "$build_dir/CMakeCache.txt" ]]; then
  launcher=()
  command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  echo "fuzz: configuring $build_dir (clang)"
  CC=clang CXX=clang++ cmake --preset dev -B "$build_dir" "${launcher[@]}" \
    -DREDIS_TESTKIT_BUILD_FUZZ=ON -DREDIS_TESTKIT_BUILD_TESTS=OFF \
    -DREDIS_TESTKIT_BUILD_BENCH=OFF -DREDIS_TESTKIT_BUILD_BUFFER=OFF >/dev/null
fi
echo "fuzz: building ${#targets[@]} targets in $build_dir"
cmake --build "$build_dir" -j "$(nproc)" --target "${targets[@]/#/fuzz_}"

# Runs one target; its exit status is libFuzzer's (0: nothing found in the time given).
run_target() {
  local target=$1 dir="$work_dir/$1"
  mkdir -p "$dir/corpus"
  rm -f "$dir"/crash-* "$dir"/timeout-* "$dir"/oom-* "$dir"/leak-* "$dir"/slow-unit-*
  # The guard outside libFuzzer: it stops by itself after max_total_time plus the last input.
  timeout --kill-after=10 $((seconds + timeout_s + 60)) \
    "$build_dir/fuzz/fuzz_$target" -max_total_time="$seconds" -timeout="$timeout_s" \
    -rss_limit_mb="$rss_limit_mb" -artifact_prefix="$dir/" -print_final_stats=1 \
    "$dir/corpus" "fuzz/corpus/$target" >"$dir/log" 2>&1
}

# Prints what one finished target found; returns 1 when it found something.
report_target() {
  local target=$1 status=$2 dir="$work_dir/$1"
  local runs
  runs="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$dir/log" | grep -o '[0-9]*$' || true)"
  if [[ $status -eq 0 ]]; then
    printf 'fuzz: %-22s ok: %s inputs in %s s, corpus %s files\n' "$target" "${runs:-?}" \
      "$seconds" "$(ls "$dir/corpus" | wc -l)"
    return 0
  fi
  local input
  input="$(ls "$dir"/crash-* "$dir"/timeout-* "$dir"/oom-* "$dir"/leak-* 2>/dev/null | head -n 1 || true)"
  echo "fuzz: $target FAILED (exit $status)${input:+: input $input}" >&2
  grep -aE 'ERROR|invariant|runtime error|SUMMARY|Test unit written' "$dir/log" | head -n 15 \
    | sed 's/^/    /' >&2 || true
  echo "    log: $dir/log" >&2
  [[ -n "$input" ]] && echo "    replay: $build_dir/fuzz/fuzz_$target $input" >&2
  return 1
}

mkdir -p "$work_dir"
echo "fuzz: ${#targets[@]} targets, $seconds s each, $jobs at a time (timeout ${timeout_s} s per" \
     "input, ${rss_limit_mb} MB)"
declare -A pid_of=()
failed=()
pending=("${targets[@]}")
while [[ ${#pending[@]} -gt 0 || ${#pid_of[@]} -gt 0 ]]; do
  while [[ ${#pending[@]} -gt 0 && ${#pid_of[@]} -lt $jobs ]]; do
    run_target "${pending[0]}" &
    pid_of[${pending[0]}]=$!
    pending=("${pending[@]:1}")
  done
  wait -n || true
  for target in "${!pid_of[@]}"; do
    if ! kill -0 "${pid_of[$target]}" 2>/dev/null; then
      status=0
      wait "${pid_of[$target]}" || status=$?
      unset "pid_of[$target]"
      report_target "$target" "$status" || failed+=("$target")
    fi
  done
done
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "fuzz: findings in ${failed[*]} (each becomes a regression test in its component's" \
       "unit tests, then a fix)" >&2
  exit 1
fi
echo "fuzz: no finding in ${#targets[@]} targets"

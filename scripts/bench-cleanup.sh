#!/usr/bin/env bash
# Runs the cleanup benchmark (bench/cleanup) against its own throwaway redis-server on a free
# loopback port: per-test overhead of an empty test, and leak detection over 100,000 keys vs
# `redis-cli --scan`. Prints figures; exits non-zero only when something failed to run.
#
# Usage: scripts/bench-cleanup.sh [--build-dir DIR] [--debug] [-- BENCH ARGS...]
#   --build-dir DIR  an existing or new build tree (default: build-bench-cleanup, Release)
#   --debug          configure a new tree as Debug (default Release: the figures to quote)
#   BENCH ARGS       passed through, e.g. -- --iterations 2000 --keys 200000 --repeats 5
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_type="Release"
build_dir=""
bench_args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --build-dir) build_dir="${2:?--build-dir needs a directory}"; shift 2 ;;
    --debug) build_type="Debug"; shift ;;
    --) shift; bench_args=("$@"); break ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench-cleanup.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ -n "$build_dir" ]] || build_dir="$root/build-bench-cleanup"
for tool in redis-server redis-cli cmake; do
  command -v "$tool" >/dev/null || { echo "bench-cleanup.sh: $tool not found on PATH (scripts/install-deps.sh installs it)" >&2; exit 2; }
done

if [[ ! -f "$build_dir/CMakeCache.txt" ]]; then
  cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE="$build_type" >/dev/null
fi
cmake --build "$build_dir" --target redis_testkit_bench_cleanup -j2 >/dev/null
bench="$(find "$build_dir" -type f -name redis_testkit_bench_cleanup -perm -u+x | head -n1)"
[[ -x "$bench" ]] || { echo "bench-cleanup.sh: benchmark binary not found in $build_dir" >&2; exit 1; }

# A free port: ask the kernel for one (bind to port 0), falling back to a random high port.
free_port() {
  if command -v python3 >/dev/null; then
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
  else
    echo $(( 20000 + RANDOM % 30000 ))
  fi
}

tmp="$(mktemp -d /tmp/rtk-bench-cleanup-XXXXXX)"
pid=""
cleanup() {
  if [[ -n "$pid" ]]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

for attempt in 1 2 3; do
  port="$(free_port)"
  redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no --maxmemory 512mb \
    --dir "$tmp" --logfile "$tmp/redis.log" --daemonize no &
  pid=$!
  for _ in $(seq 1 200); do  # up to 10 s
    if redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -q PONG; then break 2; fi
    if ! kill -0 "$pid" 2>/dev/null; then break; fi
    sleep 0.05
  done
  kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=""
  echo "bench-cleanup.sh: redis-server on port $port did not start (attempt $attempt):" >&2
  tail -n 5 "$tmp/redis.log" >&2 || true
done
[[ -n "$pid" ]] || { echo "bench-cleanup.sh: giving up starting redis-server" >&2; exit 1; }

built_as="$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build_dir/CMakeCache.txt")"
echo "bench-cleanup.sh: ${built_as:-$build_type} build in $build_dir, redis-server $(redis-server --version | awk '{print $3}') on 127.0.0.1:$port"
"$bench" --url "redis://127.0.0.1:$port/0" "${bench_args[@]}"

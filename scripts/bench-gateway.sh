#!/usr/bin/env bash
# Runs the gateway benchmarks (bench/gateway) against their own throwaway redis-server on a free
# loopback port: (a) memory budgets (MEMORY USAGE summed per case vs the design budgets) and
# (b) atomic-step throughput with N = 1, 4, 8 connections vs `redis-benchmark -c N EVALSHA
# <sha of "return 1"> 0` on the same server (script loaded with redis-cli). Prints figures; exits
# non-zero only when something failed to run or a memory budget was exceeded.
#
# Usage: scripts/bench-gateway.sh [--build-dir DIR] [--release] [--signals N] [--connections 1,4,8]
#   --build-dir DIR  where to build (default: build-bench-gateway, or build-gateway without --release)
#   --release        build with -DCMAKE_BUILD_TYPE=Release (the figures to quote)
#   --signals N      signals per throughput run (default 100000)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_type="Debug"
build_dir=""
signals=100000
connections="1,4,8"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --build-dir) build_dir="${2:?--build-dir needs a directory}"; shift 2 ;;
    --release) build_type="Release"; shift ;;
    --signals) signals="${2:?--signals needs a number}"; shift 2 ;;
    --connections) connections="${2:?--connections needs a list like 1,4,8}"; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench-gateway.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [[ -z "$build_dir" ]]; then
  if [[ "$build_type" == "Release" ]]; then build_dir="$root/build-bench-gateway"; else build_dir="$root/build-gateway"; fi
fi
for tool in redis-server redis-cli redis-benchmark cmake; do
  command -v "$tool" >/dev/null || { echo "bench-gateway.sh: $tool not found on PATH (scripts/install-deps.sh installs it)" >&2; exit 2; }
done

if [[ ! -f "$build_dir/CMakeCache.txt" ]]; then
  cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE="$build_type" >/dev/null
fi
cmake --build "$build_dir" --target gateway_memory_bench gateway_throughput_bench -j2 >/dev/null
find_bench() { find "$build_dir" -type f -name "$1" -perm -u+x | head -n1; }
memory_bench="$(find_bench gateway_memory_bench)"
throughput_bench="$(find_bench gateway_throughput_bench)"
[[ -x "$memory_bench" && -x "$throughput_bench" ]] || { echo "bench-gateway.sh: benchmark binaries not found in $build_dir" >&2; exit 1; }

# A free port: ask the kernel for one (bind to port 0), falling back to a random high port.
free_port() {
  if command -v python3 >/dev/null; then
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
  else
    echo $(( 20000 + RANDOM % 30000 ))
  fi
}

tmp="$(mktemp -d /tmp/rtk-bench-gateway-XXXXXX)"
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
  echo "bench-gateway.sh: redis-server on port $port did not start (attempt $attempt):" >&2
  tail -n 5 "$tmp/redis.log" >&2 || true
done
[[ -n "$pid" ]] || { echo "bench-gateway.sh: giving up starting redis-server" >&2; exit 1; }

url="redis://127.0.0.1:$port/0"
echo "bench-gateway.sh: $build_type build, redis-server $(redis-server --version | awk '{print $3}') on 127.0.0.1:$port"
echo
status=0
"$memory_bench" --redis-url "$url" || status=$?
echo
sha="$(redis-cli -h 127.0.0.1 -p "$port" SCRIPT LOAD "return 1")"
"$throughput_bench" --redis-url "$url" --signals "$signals" --connections "$connections" \
  --baseline-sha "$sha" || status=$?
exit "$status"

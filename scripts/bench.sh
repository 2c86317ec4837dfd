#!/usr/bin/env bash
# Runs the benchmarks and prints their figures; asserts nothing about time (exit non-zero only when
# something failed to run, or a gateway memory budget was exceeded).
#
#   containers  start-to-PONG and stop per runtime (process, podman) next to the bare commands
#               (redis-server by hand + PING loop; podman run + PING loop; podman rm -f), same run
#   cleanup     the listener's per-test overhead on an empty test (round trips counted) and leak
#               detection over 100,000 keys vs `redis-cli --scan` over the same keys; the same
#               empty-test overhead on a 3-master cluster vs one server, same run
#               (bench/cluster/listener-overhead.sh)
#   gateway     memory budgets (MEMORY USAGE per case) and atomic-step throughput with N = 1, 4, 8
#               connections vs `redis-benchmark -c N EVALSHA <sha of "return 1"> 0`; the /metrics
#               cost (one request's records, one render) with prometheus-cpp vs the old hand-written
#               code, same run (gateway_metrics_bench, no Redis); signal throughput on a 3-master
#               Redis Cluster vs one server, 8 connections, same run (bench/gateway/cluster-throughput.sh)
#   http        wrk against gateway-server on loopback, keep-alive and "Connection: close", 1/4/16
#               connections: GET /health (the HTTP layer's ceiling, same server and run), single
#               alerts, 10-alert batches, duplicates; req/s, p50/p99 (bench/http/, about 2 min)
#   audit       a configuration audit (connect + CONFIG GET * + INFO + evaluate a profile) in
#               process and as `redis-testkit audit`, vs `redis-cli CONFIG GET '*'`, same run
#   load        open-loop load: achieved vs target rate at 1,000/5,000/20,000 req/s over 10 s, the
#               unthrottled rate vs `redis-benchmark -P 1` (same connections, command and run), and
#               a 300 ms CLIENT PAUSE in a 1,000/s run: intended vs actual p99.9 (about 55 s)
#   pressure    a fill to 90% of a 256 MB cap per layout (time, level reached) next to
#               `redis-benchmark -P 64` sending the same commands, same run (about 1 min)
#   recovery    10 SIGKILL/restart trials of 50,000 pipelined XADDs with aof-everysec (its own
#               server): acknowledged vs recovered, lost, recovery time vs the AOF load time Redis
#               logs in the same restart
#   buffer      the event buffer (its own server, aof-everysec, 64 MB cap): bytes per event, 2 GB
#               capacity extrapolated, recovery after SIGKILL vs Redis' own AOF load time, 1,000
#               events/s for 30 s with p50..p99.9 from the intended send vs PING at the same rate
#   cluster     a 3-master Redis Cluster (REDIS_TESTKIT_TOPOLOGY=cluster): the kit's ready time with
#               the process runtime and podman next to bench/cluster/bare-formation.sh (three
#               redis-server + `redis-cli --cluster create`), same run (bench/cluster/kit-formation.sh)
#   faults      PING round trips direct, through FaultProxy with no fault (its overhead) and with
#               50 ms added latency (target 50 +- 5 ms more per round trip), same run
#
# Usage: scripts/bench.sh [all|containers|cleanup|gateway|http|audit|recovery|load|pressure|faults|buffer|cluster]... [--runs N] [--signals N]
# Builds the `release` preset (build/release). cleanup, gateway, http, audit and load run against one Redis that
# the kit's own CLI starts (process runtime, free loopback port, 1gb cap) and stops on exit.
set -euo pipefail
cd "$(dirname "$0")/.."

suites=()
runs=5
signals=100000
while [[ $# -gt 0 ]]; do
  case "$1" in
    all) suites+=(containers cleanup gateway http audit recovery load pressure faults buffer cluster); shift ;;
    containers|cleanup|gateway|http|audit|recovery|load|pressure|faults|buffer|cluster) suites+=("$1"); shift ;;
    --runs) runs="${2:?--runs needs a number}"; shift 2 ;;
    --signals) signals="${2:?--signals needs a number}"; shift 2 ;;
    -h|--help) sed -n '2,35p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[[ ${#suites[@]} -gt 0 ]] || suites=(containers cleanup gateway http audit recovery load pressure faults buffer cluster)
for tool in redis-server redis-cli redis-benchmark cmake; do
  command -v "$tool" >/dev/null || { echo "bench.sh: $tool not found (run scripts/install-deps.sh)" >&2; exit 2; }
done

build=build/release
[[ -f "$build/CMakeCache.txt" ]] || cmake --preset release >/dev/null
cmake --build --preset release --target bench redis-testkit >/dev/null
cli="$build/cli/redis-testkit"
echo "host: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(redis-server --version | cut -d' ' -f1-3), RelWithDebInfo"

# One Redis for the cleanup and gateway benchmarks, through the kit (no second command line).
export REDIS_TESTKIT_NAME="redis-testkit-bench-$$" REDIS_TESTKIT_RUNTIME=process \
       REDIS_TESTKIT_PORT=0 REDIS_TESTKIT_MAXMEMORY=1gb
url=""
stop_redis() { [[ -z "$url" ]] || "$cli" stop >/dev/null || true; }
trap stop_redis EXIT
start_redis() {
  [[ -z "$url" ]] || return 0
  url="$("$cli" start | sed -n 's/^started: //p')"
  [[ -n "$url" ]] || { echo "bench.sh: redis-testkit start printed no URL" >&2; exit 1; }
}

status=0
for suite in "${suites[@]}"; do
  echo
  echo "== $suite"
  case "$suite" in
    containers)
      "$build/bench/containers/redis_testkit_containers_bench" "$runs" || status=$? ;;
    cluster)
      bench/cluster/kit-formation.sh "$cli" "$runs" || status=$? ;;
    cleanup)
      start_redis
      "$build/bench/cleanup/redis_testkit_bench_cleanup" --url "$url" || status=$?
      bench/cluster/listener-overhead.sh "$build/bench/cleanup/redis_testkit_bench_cluster_listener" \
        3000 || status=$? ;;
    gateway)
      start_redis
      "$build/bench/gateway/gateway_memory_bench" --redis-url "$url" || status=$?
      port="${url##*:}"; port="${port%%/*}"
      sha="$(timeout 10 redis-cli -p "$port" SCRIPT LOAD "return 1")"
      "$build/bench/gateway/gateway_throughput_bench" --redis-url "$url" --signals "$signals" \
        --connections 1,4,8 --baseline-sha "$sha" || status=$?
      bench/gateway/cluster-throughput.sh "$build/bench/gateway/gateway_cluster_bench" \
        --signals "$signals" --connections 8 || status=$?
      "$build/bench/gateway/gateway_metrics_bench" || status=$? ;;
    http)
      start_redis
      bench/http/http_bench.sh --gateway "$build/gateway/gateway-server" --redis-url "$url" \
        || status=$? ;;
    recovery)
      "$build/bench/recovery/redis_testkit_bench_recovery" --trials 10 --entries 50000 || status=$? ;;
    load)
      start_redis
      "$build/bench/load/redis_testkit_bench_load" --url "$url" || status=$? ;;
    pressure)
      start_redis
      "$build/bench/pressure/redis_testkit_bench_pressure" --url "$url" --runs 3 || status=$? ;;
    audit)
      start_redis
      "$build/bench/audit/redis_testkit_bench_audit" --url "$url" --cli "$cli" --runs "$((runs * 6))" \
        || status=$? ;;
    faults)
      start_redis
      "$build/bench/faults/redis_testkit_bench_faults" --url "$url" || status=$? ;;
    buffer)
      "$build/bench/buffer/event_buffer_bench" --seconds 30 --events 50000 || status=$? ;;
  esac
done
exit "$status"

#!/usr/bin/env bash
# The listener's overhead per empty test on a 3-master Redis Cluster against one server, same run:
# starts one `redis-server` and three `redis-server --cluster-enabled yes` (slots assigned with
# `redis-cli --cluster create`), runs redis_testkit_bench_cluster_listener on both, prints its
# figures. The servers are shut down and their directory removed on exit, even when a step fails.
#   bench/cluster/listener-overhead.sh [BENCH_BINARY] [ITERATIONS]
#     BENCH_BINARY  default build/release/bench/cleanup/redis_testkit_bench_cluster_listener
#     ITERATIONS    empty tests per session (default 2000); BASE_PORT=17101 by default
set -euo pipefail
bench=${1:-build/release/bench/cleanup/redis_testkit_bench_cluster_listener}
iterations=${2:-2000}
[[ -x $bench ]] || { echo "listener-overhead: no $bench (build redis_testkit_bench_cluster_listener)" >&2; exit 2; }
base=${BASE_PORT:-17101}
single=$base
ports=("$((base + 1))" "$((base + 2))" "$((base + 3))")
work=$(mktemp -d "${TMPDIR:-/tmp}/redis-testkit-listener-bench-XXXXXX")
stop_servers() {
  for p in "$single" "${ports[@]}"; do timeout 5 redis-cli -p "$p" shutdown nosave >/dev/null 2>&1 || true; done
}
trap 'stop_servers; rm -rf "$work"' EXIT
now_ms() { echo $(($(date +%s%N) / 1000000)); }
wait_for() {  # wait_for SECONDS COMMAND...: runs COMMAND until it succeeds, fails after SECONDS
  local deadline=$(($(now_ms) + $1 * 1000)); shift
  until "$@" >/dev/null 2>&1; do
    [[ $(now_ms) -lt $deadline ]] || { echo "listener-overhead: timed out: $*" >&2; exit 1; }
    sleep 0.01
  done
}
state_ok() { timeout 2 redis-cli -p "$1" cluster info | grep -q "cluster_state:ok"; }
start() {  # start PORT [ARGS...]
  local p=$1; shift
  mkdir -p "$work/$p"
  (cd "$work/$p" && redis-server --port "$p" --bind 127.0.0.1 --daemonize yes --save "" \
     --appendonly no --maxmemory 64mb "$@" >/dev/null)
}
start "$single"
for p in "${ports[@]}"; do start "$p" --cluster-enabled yes --cluster-config-file nodes.conf; done
for p in "$single" "${ports[@]}"; do wait_for 10 timeout 2 redis-cli -p "$p" ping; done
timeout 30 redis-cli --cluster create "${ports[@]/#/127.0.0.1:}" --cluster-yes >/dev/null
for p in "${ports[@]}"; do wait_for 30 state_ok "$p"; done
"$bench" --standalone-url "redis://127.0.0.1:$single" --cluster-url "redis://127.0.0.1:${ports[0]}" \
  --iterations "$iterations"

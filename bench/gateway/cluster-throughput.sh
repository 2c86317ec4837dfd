#!/usr/bin/env bash
# The gateway's signal throughput on a 3-master Redis Cluster against one server, same run
# (gateway_cluster_bench): starts one plain redis-server and three cluster-enabled ones
# (`redis-cli --cluster create`, then cluster_state:ok on every node), runs the benchmark, and
# shuts every node down on exit, even when a step fails.
#   bench/gateway/cluster-throughput.sh BENCH_BINARY [gateway_cluster_bench flags...]
#   e.g. bench/gateway/cluster-throughput.sh build/release/bench/gateway/gateway_cluster_bench \
#          --signals 40000 --connections 8 --repeats 3
# Ports BASE_PORT (default 17101) .. BASE_PORT+3 must be free.
set -euo pipefail
[[ $# -ge 1 && -x "$1" ]] || { echo "usage: $0 BENCH_BINARY [flags...]" >&2; exit 2; }
bench=$1; shift
base=${BASE_PORT:-17101}
single=$base
nodes=("$((base + 1))" "$((base + 2))" "$((base + 3))")
work=$(mktemp -d "${TMPDIR:-/tmp}/redis-testkit-gateway-cluster-XXXXXX")
stop_all() {
  for p in "$single" "${nodes[@]}"; do
    timeout 5 redis-cli -p "$p" shutdown nosave >/dev/null 2>&1 || true
  done
}
trap 'stop_all; rm -rf "$work"' EXIT
wait_for() {  # wait_for SECONDS COMMAND...: runs COMMAND until it succeeds, fails after SECONDS
  local deadline=$((SECONDS + $1)); shift
  until "$@" >/dev/null 2>&1; do
    [[ $SECONDS -lt $deadline ]] || { echo "cluster-throughput: timed out: $*" >&2; exit 1; }
    sleep 0.05
  done
}
state_ok() { timeout 2 redis-cli -p "$1" cluster info | grep -q "cluster_state:ok"; }
start() {  # start PORT [redis-server flags...]
  local port=$1; shift
  mkdir -p "$work/$port"
  (cd "$work/$port" && redis-server --port "$port" --bind 127.0.0.1 --daemonize yes --save "" \
     --appendonly no "$@" >/dev/null)
}
start "$single"
for p in "${nodes[@]}"; do start "$p" --cluster-enabled yes --cluster-config-file nodes.conf; done
for p in "$single" "${nodes[@]}"; do wait_for 10 timeout 2 redis-cli -p "$p" ping; done
timeout 30 redis-cli --cluster create "${nodes[@]/#/127.0.0.1:}" --cluster-yes >/dev/null
for p in "${nodes[@]}"; do wait_for 30 state_ok "$p"; done
"$bench" --redis-url "redis://127.0.0.1:$single" --cluster-url "redis+cluster://127.0.0.1:${nodes[0]}" "$@"

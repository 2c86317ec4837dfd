#!/usr/bin/env bash
# The bare way to a 3-master Redis Cluster, timed: three `redis-server --cluster-enabled yes`
# processes, `redis-cli --cluster create --cluster-yes`, then `cluster_state:ok` on every node.
# Prints, per run, the milliseconds from the first start to PONG on all, to the slots assigned,
# and to cluster_state:ok everywhere (Redis 7.0 holds a new master back for 2 s).
#   bench/cluster/bare-formation.sh [RUNS]     (default 3; BASE_PORT=17001 by default)
# The nodes are shut down and their directory removed on exit, even when a step fails.
set -euo pipefail
runs=${1:-3}
base=${BASE_PORT:-17001}
ports=("$base" "$((base + 1))" "$((base + 2))")
work=$(mktemp -d "${TMPDIR:-/tmp}/redis-testkit-bare-cluster-XXXXXX")
stop_nodes() {
  for p in "${ports[@]}"; do timeout 5 redis-cli -p "$p" shutdown nosave >/dev/null 2>&1 || true; done
}
trap 'stop_nodes; rm -rf "$work"' EXIT
now_ms() { echo $(($(date +%s%N) / 1000000)); }
wait_for() {  # wait_for SECONDS COMMAND...: runs COMMAND until it succeeds, fails after SECONDS
  local deadline=$(($(now_ms) + $1 * 1000)); shift
  until "$@" >/dev/null 2>&1; do
    [[ $(now_ms) -lt $deadline ]] || { echo "bare-formation: timed out: $*" >&2; exit 1; }
    sleep 0.01
  done
}
state_ok() { timeout 2 redis-cli -p "$1" cluster info | grep -q "cluster_state:ok"; }
for run in $(seq 1 "$runs"); do
  rm -rf "${work:?}"/*
  t0=$(now_ms)
  for p in "${ports[@]}"; do
    mkdir -p "$work/$p"
    (cd "$work/$p" && redis-server --port "$p" --bind 127.0.0.1 --cluster-enabled yes \
       --cluster-config-file nodes.conf --daemonize yes --save "" --appendonly no >/dev/null)
  done
  for p in "${ports[@]}"; do wait_for 10 timeout 2 redis-cli -p "$p" ping; done
  t1=$(now_ms)
  timeout 30 redis-cli --cluster create "${ports[@]/#/127.0.0.1:}" --cluster-yes >/dev/null
  t2=$(now_ms)
  for p in "${ports[@]}"; do wait_for 30 state_ok "$p"; done
  t3=$(now_ms)
  echo "run $run: PONG $((t1 - t0)) ms, slots assigned $((t2 - t0)) ms, cluster_state:ok $((t3 - t0)) ms"
  stop_nodes
  sleep 0.5
done

#!/usr/bin/env bash
# The kit's 3-master Redis Cluster against the bare way, same run: `redis-testkit start` with
# REDIS_TESTKIT_TOPOLOGY=cluster (detached, free ports; its "ready in" is RedisServer::Start from
# the call to cluster_state:ok on every node) for the process runtime and, when it answers, podman,
# then bench/cluster/bare-formation.sh (three redis-server + `redis-cli --cluster create`).
#   bench/cluster/kit-formation.sh CLI [RUNS]     (CLI: the redis-testkit binary; RUNS default 3)
# Every cluster is stopped (redis-testkit stop) after its run and on exit, even when a step fails.
set -euo pipefail
cli=${1:?usage: kit-formation.sh path/to/redis-testkit [RUNS]}
runs=${2:-3}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
name="redis-testkit-bench-cluster-$$"
runtime=""
stop_cluster() {
  [[ -z $runtime ]] && return 0
  REDIS_TESTKIT_NAME=$name REDIS_TESTKIT_RUNTIME=$runtime "$cli" stop >/dev/null 2>&1 || true
}
trap stop_cluster EXIT
now_ms() { echo $(($(date +%s%N) / 1000000)); }

runtimes=(process)
if command -v podman >/dev/null 2>&1 && timeout 20 podman info >/dev/null 2>&1; then
  runtimes+=(podman)
else
  echo "podman: skipped (no podman that answers \`podman info\`)"
fi
for runtime in "${runtimes[@]}"; do
  for run in $(seq 1 "$runs"); do
    t0=$(now_ms)
    out=$(REDIS_TESTKIT_TOPOLOGY=cluster REDIS_TESTKIT_CLUSTER_MASTERS=3 REDIS_TESTKIT_PORT=0 \
      REDIS_TESTKIT_NAME=$name REDIS_TESTKIT_RUNTIME=$runtime REDIS_TESTKIT_MAXMEMORY=64mb \
      "$cli" start)
    t1=$(now_ms)
    ready=$(sed -n 's/.*ready in \([0-9]*\) ms.*/\1/p' <<<"$out")
    stop_cluster
    t2=$(now_ms)
    echo "kit $runtime run $run: cluster_state:ok on 3 masters in ${ready:-?} ms (Start), command $((t1 - t0)) ms, stop $((t2 - t1)) ms"
  done
done
runtime=""
"$here/bare-formation.sh" "$runs" | sed 's/^/bare /'

#!/usr/bin/env bash
# ctest (redis_testkit.cli.cluster_start_stop): `redis-testkit start|status|stop` with
# REDIS_TESTKIT_TOPOLOGY=cluster, as ./start-redis.sh and ./stop-redis.sh run them, with the
# process runtime on free ports: start gives a cluster whose every node says cluster_state:ok with
# the cap, start again is idempotent, status lists the nodes, stop leaves no process and no record.
#   cluster_start_stop_test.sh path/to/redis-testkit
set -euo pipefail
cli=${1:?usage: cluster_start_stop_test.sh path/to/redis-testkit}
command -v redis-cli >/dev/null || { echo "redis-cli is not on PATH"; exit 1; }
export REDIS_TESTKIT_RUNTIME=process REDIS_TESTKIT_TOPOLOGY=cluster REDIS_TESTKIT_PORT=0
export REDIS_TESTKIT_NAME="redis-testkit-cli-cluster-$$" REDIS_TESTKIT_MAXMEMORY=32mb
state_dir="${TMPDIR:-/tmp}/redis-testkit-$(id -u)"
trap '"$cli" stop >/dev/null 2>&1 || true' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

out=$("$cli" start)
echo "$out"
ports=$(sed -n 's/^  node [0-9]*: *127\.0\.0\.1:\([0-9]*\).*/\1/p' <<<"$out")
[[ $(wc -w <<<"$ports") -eq 3 ]] || fail "start did not list 3 nodes"
pids=()
for port in $ports; do
  redis-cli -p "$port" cluster info | grep -q "cluster_state:ok" || fail "node $port is not ok"
  [[ $(redis-cli -p "$port" config get maxmemory | tail -1) == 33554432 ]] || fail "node $port: no cap"
  pids+=("$(redis-cli -p "$port" info server | sed -n 's/^process_id:\([0-9]*\).*/\1/p' | tr -d '\r')")
done
first=$(head -1 <<<"$ports")
[[ $(redis-cli -c -p "$first" set "{a}x" 1) == OK && $(redis-cli -c -p "$first" set "{b}y" 2) == OK ]] ||
  fail "redis-cli -c does not follow the redirects"
"$cli" start | grep -q "already running" || fail "a second start did not find the cluster"
status=$("$cli" status)
echo "$status"
[[ $(grep -c "cluster_state:ok" <<<"$status") -eq 3 ]] || fail "status does not show 3 ok nodes"

# Stop finds the cluster whatever topology is configured now.
REDIS_TESTKIT_TOPOLOGY=standalone "$cli" stop | grep -q "stopped the cluster" || fail "stop"
alive() {  # a zombie is gone (an orphan waits for a PID 1 that may never reap it)
  local state
  state=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
  [[ $state != Z* ]]
}
for pid in "${pids[@]}"; do
  ! alive "$pid" || fail "redis-server $pid survived stop"
done
! compgen -G "$state_dir/$REDIS_TESTKIT_NAME*" >/dev/null || fail "records left: $(ls "$state_dir" | grep "$REDIS_TESTKIT_NAME")"
set +e
"$cli" status >/dev/null
rc=$?
set -e
[[ $rc -eq 4 ]] || fail "status after stop exited $rc, not 4"
echo "PASS"

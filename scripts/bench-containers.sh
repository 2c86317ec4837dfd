#!/usr/bin/env bash
# Start-to-PONG and stop times of the kit's runtimes (process, podman) next to the bare commands
# (fork/exec redis-server + PING loop; podman run + PING loop; podman rm -f), N runs each,
# interleaved; prints median/min/max and the ratio kit/bare. Asserts nothing.
#   scripts/bench-containers.sh [RUNS=5] [--debug]     (BUILD_DIR: default build/bench-containers)
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir="${BUILD_DIR:-build/bench-containers}"
if [[ ! -f "$build_dir/CMakeCache.txt" ]]; then
  cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DREDIS_TESTKIT_BUILD_GATEWAY=OFF \
    -DREDIS_TESTKIT_BUILD_TESTS=OFF >/dev/null
fi
cmake --build "$build_dir" --target redis_testkit_containers_bench -j2 >/dev/null
echo "host: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $(redis-server --version | cut -d' ' -f1-3)"
exec "$build_dir/bench/containers/redis_testkit_containers_bench" "${1:-5}" "${@:2}"

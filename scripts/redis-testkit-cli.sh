#!/usr/bin/env bash
# Shared by start-redis.sh and stop-redis.sh: builds the redis-testkit CLI when needed, then runs
# it with the given arguments. The defaults (name, port, cap, runtime) live in the CLI and
# config/, never here.
#
# REDIS_TESTKIT_BUILD_DIR: the CMake build directory to use (default: <repo>/build). An existing
# build directory is used as it is; a new one is configured Release with only what the CLI needs
# (no tests, gateway or benchmarks) - reconfigure it yourself for more.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${REDIS_TESTKIT_BUILD_DIR:-$root/build}"
unset REDIS_TESTKIT_BUILD_DIR  # a script setting, not a kit variable
cli="$build_dir/cli/redis-testkit"

if [[ ! -f "$build_dir/CMakeCache.txt" ]]; then
  echo "==> configuring $build_dir for the redis-testkit CLI (first run)"
  cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DREDIS_TESTKIT_BUILD_TESTS=OFF \
    -DREDIS_TESTKIT_BUILD_GATEWAY=OFF -DREDIS_TESTKIT_BUILD_BENCH=OFF >/dev/null
fi
# A no-op when the CLI is up to date; shows the build log only when it fails.
[[ -x "$cli" ]] || echo "==> building the redis-testkit CLI in $build_dir"
if ! log="$(cmake --build "$build_dir" --target redis-testkit -j2 2>&1)"; then
  echo "$log" >&2
  echo "could not build the redis-testkit CLI in $build_dir (scripts/install-deps.sh installs" \
       "what it needs)" >&2
  exit 1
fi
exec "$cli" "$@"

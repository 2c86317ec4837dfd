#!/usr/bin/env bash
# Shared by start-redis.sh and stop-redis.sh: builds the redis-testkit CLI when needed, then runs
# it with the given arguments. The defaults (name, port, cap, runtime) live in the CLI and
# config/, never here.
#
# REDIS_TESTKIT_BUILD_DIR: the CMake build directory to use. Default: the first configured one of
# build/release and build/dev (the CMake presets) that builds the CLI, else build/cli, configured
# Release with only what the CLI needs (no tests, gateway or benchmarks).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
requested="${REDIS_TESTKIT_BUILD_DIR:-}"
unset REDIS_TESTKIT_BUILD_DIR  # a script setting, not a kit variable

# build_cli DIR: configures DIR when it is new, builds the CLI (a no-op when up to date); the
# build log is shown only when it fails.
build_cli() {
  local dir="$1" log
  if [[ ! -f "$dir/CMakeCache.txt" ]]; then
    echo "==> configuring $dir for the redis-testkit CLI (first run)" >&2
    cmake -S "$root" -B "$dir" -DCMAKE_BUILD_TYPE=Release -DREDIS_TESTKIT_BUILD_TESTS=OFF \
      -DREDIS_TESTKIT_BUILD_GATEWAY=OFF -DREDIS_TESTKIT_BUILD_BENCH=OFF >/dev/null || return 1
  fi
  [[ -x "$dir/cli/redis-testkit" ]] || echo "==> building the redis-testkit CLI in $dir" >&2
  if ! log="$(cmake --build "$dir" --target redis-testkit -j2 2>&1)"; then
    echo "$log" | tail -n 30 >&2
    echo "==> could not build the redis-testkit CLI in $dir" >&2
    return 1
  fi
}

candidates=()
if [[ -n "$requested" ]]; then
  candidates=("$requested")
else
  for dir in "$root/build/release" "$root/build/dev"; do
    [[ -f "$dir/CMakeCache.txt" ]] && candidates+=("$dir")
  done
  candidates+=("$root/build/cli")
fi
for dir in "${candidates[@]}"; do
  if build_cli "$dir"; then exec "$dir/cli/redis-testkit" "$@"; fi
done
echo "could not build the redis-testkit CLI (scripts/install-deps.sh installs what it needs)" >&2
exit 1

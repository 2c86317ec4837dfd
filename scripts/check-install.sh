#!/usr/bin/env bash
# Installs redis-testkit into a temporary prefix, then configures, builds and runs the consumer
# project of fixtures/tests/consumer against it with ctest: the README's find_package contract.
#   scripts/check-install.sh [BUILD_DIR]     (default build/dev; built when needed)
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-build/dev}
[[ -f "$build_dir/CMakeCache.txt" ]] || cmake --preset dev >/dev/null
cmake --build "$build_dir" --target redis-testkit redis_testkit_gtest_main -j "$(nproc)" >/dev/null
work=$(mktemp -d /tmp/redis-testkit-install-XXXXXX)
trap 'rm -rf "$work"' EXIT
cmake --install "$build_dir" --prefix "$work/prefix" >/dev/null
echo "check-install: installed into $work/prefix"
cmake -S fixtures/tests/consumer -B "$work/consumer" -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/consumer" -j "$(nproc)" >/dev/null
echo "check-install: consumer built; running its tests"
ctest --test-dir "$work/consumer" --output-on-failure --no-tests=error

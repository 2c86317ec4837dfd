#!/usr/bin/env bash
# clang-tidy (checks in .clang-tidy) over every translation unit of the project's own sources,
# using the compile database of a configured build. Exits non-zero on any finding.
#   scripts/run-clang-tidy.sh [BUILD_DIR]      (default: build/dev, configured when missing)
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-build/dev}
jobs=${JOBS:-$(nproc)}

if [[ ! -f "$build_dir/compile_commands.json" ]]; then
  echo "run-clang-tidy: configuring $build_dir (compile_commands.json)"
  cmake --preset dev >/dev/null
fi
# Generated sources must exist before tidy reads them; nothing of ours is generated, so no build.
# fuzz/*.cc are in the compile database of a fuzz build only (build/fuzz, clang): elsewhere
# run-clang-tidy finds no command for them and leaves them out.
files=$(git ls-files '*.cc' |
  grep -E '^((units|client|config|containers|cleanup|ops|fixtures|cli|gateway|buffer)/src/|fuzz/)')
echo "run-clang-tidy: $(echo "$files" | wc -l) files, $jobs jobs"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# The compile database may come from GCC (asan/dev presets): clang must not stop at GCC-only
# warning flags such as -Wno-restrict.
started=$SECONDS
# shellcheck disable=SC2086
if ! run-clang-tidy -quiet -j "$jobs" -p "$build_dir" -extra-arg=-Wno-unknown-warning-option \
  $files >"$log" 2>&1; then
  grep -E 'warning:|error:' "$log" | sort -u | head -100
  echo "run-clang-tidy: findings above (full log: rerun with the same command)"
  exit 1
fi
if grep -qE '(warning|error):' "$log"; then
  grep -E 'warning:|error:' "$log" | sort -u | head -100
  echo "run-clang-tidy: findings above"
  exit 1
fi
echo "run-clang-tidy: clean ($((SECONDS - started)) s)"

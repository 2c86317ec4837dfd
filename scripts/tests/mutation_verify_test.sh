#!/usr/bin/env bash
# scripts/mutation-check.sh --verify in a scratch tree: a mutation whose text is in its file once
# passes; one whose text is gone, or a line that is not 5 fields, fails with exit 2 naming it.
set -euo pipefail
script="$(cd "$(dirname "$0")/.." && pwd)/mutation-check.sh"
tree="$(mktemp -d /tmp/redis-testkit-verify-XXXXXX)"
trap 'rm -rf "$tree"' EXIT
mkdir -p "$tree/scripts/mutations" "$tree/src"
cp "$script" "$tree/scripts/mutation-check.sh"
printf 'int guarded() {\n  return 1;\n}\n' >"$tree/src/a.cc"
fail() { echo "mutation_verify_test: $*" >&2; exit 1; }

printf '%s\n' 'kept | src/a.cc | int guarded() {\n  return 1; | int guarded() {\n  return 0; | Some\.Test' \
  >"$tree/scripts/mutations/a.txt"
out="$(bash "$tree/scripts/mutation-check.sh" --verify 2>&1)" || fail "a mutation that applies failed: $out"
[[ "$out" == *"1 of 1 mutations apply"* ]] || fail "unexpected output: $out"

echo 'gone | src/a.cc | return 2; | return 3; | Some\.Test' >>"$tree/scripts/mutations/a.txt"
echo 'not five fields' >>"$tree/scripts/mutations/a.txt"
rc=0
out="$(bash "$tree/scripts/mutation-check.sh" --verify 2>&1)" || rc=$?
[[ $rc -eq 2 ]] || fail "a mutation that no longer applies must exit 2, got $rc: $out"
[[ "$out" == *"gone: its text is in src/a.cc 0 times"* ]] || fail "the mutation is not named: $out"
[[ "$out" == *"not 5 fields"* ]] || fail "the malformed line is not reported: $out"
[[ "$out" == *"1 of 3 mutations apply"* ]] || fail "unexpected count: $out"
echo "mutation_verify_test: passed"

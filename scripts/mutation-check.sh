#!/usr/bin/env bash
# Proves that the kit's tests can fail: removes each guarantee from the source in turn (a named
# mutation), rebuilds, runs the tests that must catch it, and prints one line per mutation:
#   killed     some test failed: the guarantee is tested
#   SURVIVED   every test passed without it: a blind test (exit 1)
#   ERROR      the mutation no longer applies to the source, or the build failed (exit 2)
# The source is restored after each mutation and on exit (even when interrupted).
#
# Usage: scripts/mutation-check.sh [--build-dir DIR] [--list] [--verify] [NAME...]
#   --build-dir DIR  where to build (default build/mutation; configured from the dev preset with
#                    the benchmarks off)
#   --list           print the mutations and exit
#   --verify         only check that every mutation's text is in its file exactly once (no build;
#                    ctest runs this as redis_testkit.mutations.apply, so a change that moves a
#                    guarded line fails the suite, not only the long mutation stage)
#   --no-rebuild     leave the build directory as the last mutant left it (CI: nothing uses it
#                    afterwards); by default the unmutated kit is rebuilt at the end
#   NAME...          run only these mutations
# Needs redis-server on PATH (the tests start private servers with the process runtime) and
# python3 (to apply the replacements exactly).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
build_dir="$repo/build/mutation"
list=0
verify=0
rebuild=1
only=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --build-dir) build_dir="$2"; shift ;;
    --list) list=1 ;;
    --verify) verify=1 ;;
    --no-rebuild) rebuild=0 ;;
    -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "mutation-check: unknown option $1" >&2; exit 2 ;;
    *) only+=("$1") ;;
  esac
  shift
done

# The mutations, one per line, in scripts/mutations/*.txt (one file per area of the source; lines
# starting with '#' and empty lines are skipped):
#   name | file | text to find (exactly once) | replacement | ctest -R regex of the tests that must fail
# Fields are separated by ' | ' (a space on each side); '\n' in the texts stands for a newline.
# A mutant must still build with -Werror: keep every variable and parameter used.
mutations=()
for list_file in "$repo"/scripts/mutations/*.txt; do
  while IFS= read -r line || [[ -n "$line" ]]; do
    [[ -z "$line" || "$line" == \#* ]] && continue
    mutations+=("$line")
  done <"$list_file"
done

field() { awk -F' [|] ' -v n="$1" '{ print $n }' <<<"$2"; }

if [[ $list -eq 1 ]]; then
  for m in "${mutations[@]}"; do printf '%-24s %s\n' "$(field 1 "$m")" "$(field 2 "$m")"; done
  exit 0
fi
command -v python3 >/dev/null || { echo "mutation-check: python3 is needed" >&2; exit 2; }
if [[ $verify -eq 1 ]]; then
  printf '%s\n' "${mutations[@]}" | python3 -c '
import sys
root, bad = sys.argv[1], 0
lines = sys.stdin.read().splitlines()
for line in lines:
    fields = line.split(" | ")
    if len(fields) != 5:
        print(f"mutation-check: not 5 fields separated by \" | \": {line[:80]}")
        bad += 1
        continue
    name, path, old = fields[0], fields[1], fields[2].replace("\\n", "\n")
    try:
        found = open(f"{root}/{path}").read().count(old)
    except OSError as error:
        print(f"mutation-check: {name}: cannot read {path}: {error.strerror}")
        bad += 1
        continue
    if found != 1:
        print(f"mutation-check: {name}: its text is in {path} {found} times, not once: update "
              "scripts/mutations/ with the guarded line as it is now")
        bad += 1
print(f"mutation-check: {len(lines) - bad} of {len(lines)} mutations apply")
sys.exit(2 if bad else 0)' "$repo"
  exit $?
fi
command -v redis-server >/dev/null || { echo "mutation-check: redis-server is needed (scripts/install-deps.sh)" >&2; exit 2; }

backup_dir="$(mktemp -d /tmp/redis-testkit-mutation-XXXXXX)"
restore() {
  if [[ -f "$backup_dir/file" ]]; then
    cp "$backup_dir/file" "$repo/$(cat "$backup_dir/path")"
    rm -f "$backup_dir/file"
  fi
}
trap 'restore; rm -rf "$backup_dir"' EXIT
trap 'echo "mutation-check: interrupted, source restored" >&2; exit 130' INT TERM

# Replaces the text exactly once; exit 3 when it is not there exactly once.
apply() {
  python3 - "$repo/$1" "$2" "$3" <<'PY'
import sys
path, old, new = sys.argv[1], sys.argv[2].replace("\\n", "\n"), sys.argv[3].replace("\\n", "\n")
text = open(path).read()
if text.count(old) != 1:
    sys.exit(3)
open(path, "w").write(text.replace(old, new))
PY
}

targets=(redis_testkit_ops_fault_proxy_tests redis_testkit_ops_load_unit_tests redis_testkit_ops_load_tests redis_testkit_ops_load_cli_tests
         redis_testkit_leaky_tests redis_testkit_own_main_tests redis_testkit_trust_selftests
         redis_testkit_fixtures_selftests redis_testkit_cleanup_unit_tests
         redis_testkit_cleanup_integration_tests
         redis_testkit_config_tests redis_testkit_secrets_selftests redis-testkit
         redis_testkit_cli_unit_tests
         redis_testkit_ops_profile_tests redis_testkit_ops_audit_tests
         redis_testkit_ops_audit_kit_suite redis_testkit_ops_audit_selftests
         redis_testkit_containers_unit_tests redis_testkit_containers_integration_tests
         redis_testkit_ops_recovery_tests redis_testkit_server_control_suite
         redis_testkit_server_control_selftests
         redis_testkit_ops_fill_unit_tests redis_testkit_ops_fill_tests
         redis_testkit_ops_fill_kit_tests redis_testkit_ops_fill_leaky_suite
         redis_testkit_ops_fill_selftests
         event_buffer_unit_tests event_buffer_integration_tests buffer_scenarios
         buffer_durable_scenarios
         redis_testkit_client_unit_tests redis_testkit_client_integration_tests
         signal_gateway_integration_tests redis_testkit_ops_fast_forward_tests)
configure() {
  cmake --preset dev -B "$build_dir" -DREDIS_TESTKIT_BUILD_GATEWAY=ON -DREDIS_TESTKIT_BUILD_BUFFER=ON \
    -DREDIS_TESTKIT_BUILD_BENCH=OFF >"$build_dir.configure.log" 2>&1 \
    || { cat "$build_dir.configure.log" >&2; exit 2; }
}
build() { cmake --build "$build_dir" -j "$(nproc)" --target "${targets[@]}" >"$build_dir.build.log" 2>&1; }
# The targets a mutant needs: the executables of the tests that must catch it (their
# add_dependencies bring the suites and the CLI they run), plus the CLI. Relinking only these
# instead of every target keeps a mutation to a compile and a link or two. Prints nothing when a
# test runs something that is not one of the build's executables: build() then builds everything.
mutant_targets() {
  ctest --test-dir "$build_dir" -N -R "$1" -LE redis_testkit --show-only=json-v1 2>/dev/null \
    | python3 -c '
import json, os, sys
build = os.path.realpath(sys.argv[1])
names = {"redis-testkit"}
for test in json.load(sys.stdin).get("tests", []):
    command = test.get("command") or [""]
    path = os.path.realpath(command[0])
    if not path.startswith(build + os.sep):
        sys.exit(0)
    names.add(os.path.basename(path))
print(" ".join(sorted(names)))' "$build_dir"
}
targets+=(gateway_scenarios gateway_cluster_scenarios signal_gateway_unit_tests)  # they catch the gateway mutations
build_mutant() {
  local needed
  needed="$(mutant_targets "$1")"
  [[ -n "$needed" ]] || { build; return; }
  # shellcheck disable=SC2086
  cmake --build "$build_dir" -j "$(nproc)" --target $needed >"$build_dir.build.log" 2>&1
}

mkdir -p "$(dirname "$build_dir")"
echo "==> mutation-check: building the unmutated kit in $build_dir"
configure
build || { tail -n 40 "$build_dir.build.log" >&2; echo "mutation-check: the unmutated build fails" >&2; exit 2; }

# The kit's redis-servers show "redis-testkit:<name>" in their process title. A mutant that
# breaks stopping leaves detached ones behind (orphans: their parent is init or a subreaper);
# those that appeared during its tests are stopped. A server whose parent still runs belongs to
# someone's test process, which stops it: it is left alone.
kit_servers() { pgrep -f 'redis-server .*redis-testkit:' | sort || true; }
stop_new_servers() {
  local pid parent
  for pid in $(comm -13 <(printf '%s\n' "$1") <(kit_servers)); do
    # Under `set -e -o pipefail`: a server that exits meanwhile must not end the script.
    parent="$(ps -o ppid= -p "$pid" 2>/dev/null | tr -d ' ' || true)"
    [[ -n "$parent" ]] || continue
    if [[ "$parent" == 1 || "$(ps -o comm= -p "$parent" 2>/dev/null || true)" == systemd ]]; then
      kill -TERM "$pid" 2>/dev/null || true
    fi
  done
}

survived=0
errors=0
started=$SECONDS
for m in "${mutations[@]}"; do
  name="$(field 1 "$m")"; file="$(field 2 "$m")"; old="$(field 3 "$m")"; new="$(field 4 "$m")"
  tests="$(field 5 "$m")"
  if [[ ${#only[@]} -gt 0 && ! " ${only[*]} " == *" $name "* ]]; then continue; fi
  cp "$repo/$file" "$backup_dir/file"; echo "$file" >"$backup_dir/path"
  if ! apply "$file" "$old" "$new"; then
    restore
    printf '%-24s ERROR (the text to mutate is not in %s exactly once: update this script)\n' "$name" "$file"
    errors=$((errors + 1)); continue
  fi
  t0=$SECONDS
  servers_before="$(kit_servers)"
  if ! build_mutant "$tests"; then
    restore
    printf '%-24s ERROR (the mutant does not build: %s)\n' "$name" "$build_dir.build.log"
    errors=$((errors + 1)); continue
  fi
  if ctest --test-dir "$build_dir" -R "$tests" -LE redis_testkit -j 2 --timeout 180 --stop-on-failure \
       >"$build_dir.$name.log" 2>&1; then
    printf '%-24s SURVIVED (%s: every test passed without it; log %s)\n' "$name" "$file" "$build_dir.$name.log"
    survived=$((survived + 1))
  else
    failed="$(grep -c '\*\*\*Failed\|\*\*\*Timeout' "$build_dir.$name.log" || true)"
    printf '%-24s killed (%s tests failed, %d s)\n' "$name" "$failed" $((SECONDS - t0))
  fi
  stop_new_servers "$servers_before"
  restore
done
if [[ $rebuild -eq 1 ]]; then
  echo "==> mutation-check: rebuilding the unmutated kit"
  build || { echo "mutation-check: the restored source does not build" >&2; exit 2; }
fi
echo "==> mutation-check: ${#mutations[@]} mutations, $survived survived, $errors errors ($((SECONDS - started)) s)"
[[ $errors -eq 0 ]] || exit 2
[[ $survived -eq 0 ]] || exit 1

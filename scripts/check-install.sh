#!/usr/bin/env bash
# Installs redis-testkit into a temporary prefix, then configures, builds and runs the consumer
# project of fixtures/tests/consumer against it with ctest: the README's find_package contract.
# Then, configured only through REDIS_TESTKIT_* variables, as a user would:
#   - an external Redis with database 3 in its URL: the no-TTL key there fails its test, the next
#     test finds database 3 empty, database 0 (not the tests') is left alone;
#   - a suite with its own main() that only links redis_testkit::gtest is flushed and checked.
# Then the Debian package (`cpack -G DEB`): its contents are checked, and with --deb (as root, as
# CI does) it is installed with `apt-get install ./redis-testkit_*.deb`, the consumer is built
# against /usr without any prefix, start-redis.sh / stop-redis.sh run as commands, and the package
# is removed again.
#   scripts/check-install.sh [BUILD_DIR] [--deb]     (default build/dev; built when needed)
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=build/dev
install_deb=0
for arg in "$@"; do
  case "$arg" in
    --deb) install_deb=1 ;;
    -*) echo "check-install: unknown option $arg (usage: check-install.sh [BUILD_DIR] [--deb])" >&2; exit 2 ;;
    *) build_dir=$arg ;;
  esac
done
[[ -f "$build_dir/CMakeCache.txt" ]] || cmake --preset dev >/dev/null
cmake --build "$build_dir" --target redis-testkit redis_testkit_gtest_main -j "$(nproc)" >/dev/null
work=$(mktemp -d /tmp/redis-testkit-install-XXXXXX)
redis_pid=""
deb_installed=0
cleanup() {
  [[ -n "$redis_pid" ]] && kill "$redis_pid" 2>/dev/null
  [[ $deb_installed -eq 1 ]] && apt-get remove -y -qq redis-testkit >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
cmake --install "$build_dir" --prefix "$work/prefix" >/dev/null
echo "check-install: installed into $work/prefix"
cmake -S fixtures/tests/consumer -B "$work/consumer" -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/consumer" -j "$(nproc)" >/dev/null
echo "check-install: consumer built; running its tests"
ctest --test-dir "$work/consumer" --output-on-failure --no-tests=error

fail() { echo "check-install: FAILED: $*" >&2; exit 1; }
# A port for a server this script starts on a fixed port: below the kernel's ephemeral range (so no
# outgoing connection is given it meanwhile), and one that binds now (a port a client socket holds
# refuses no connection, yet cannot be bound: a connect test does not see it).
free_port() {
  local low
  low="$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)"
  python3 - "$((low - 1))" <<'PY' || fail "no free port found below $low"
import random, socket, sys
for port in random.sample(range(10000, int(sys.argv[1])), 50):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            continue
    print(port)
    sys.exit(0)
sys.exit(1)
PY
}

echo "check-install: external Redis, REDIS_TESTKIT_URL=redis://127.0.0.1:P/3"
port="$(free_port)"
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no >"$work/redis.log" 2>&1 &
redis_pid=$!
for _ in $(seq 50); do timeout 1 redis-cli -p "$port" PING >/dev/null 2>&1 && break; sleep 0.1; done
timeout 2 redis-cli -p "$port" -n 0 SET users:data keep >/dev/null
timeout 2 redis-cli -p "$port" -n 3 SET stale:key from-an-earlier-run >/dev/null
set +e
REDIS_TESTKIT_URL="redis://127.0.0.1:$port/3" REDIS_TESTKIT_REPORT_DIR="$work/external" \
  timeout 60 "$work/consumer/leaky_tests" >"$work/external.log" 2>&1
rc=$?
set -e
out="$(cat "$work/external.log")"
[[ $rc -eq 1 ]] || { echo "$out"; fail "leaky_tests exited $rc, expected 1"; }
grep -q '\[  FAILED  \] Leak.NoTtlKeyInTheUrlDatabase' <<<"$out" || { echo "$out"; fail "the no-TTL key in db 3 did not fail its test"; }
grep -q 'consumer:forever  (db 3)' <<<"$out" || { echo "$out"; fail "the failure does not name db 3"; }
grep -q '\[       OK \] Leak.StartsEmpty' <<<"$out" || { echo "$out"; fail "db 3 was not empty for the next test"; }
grep -q '"db": 3' "$work"/external/*.json || fail "the report does not say db 3"
[[ "$(timeout 2 redis-cli -p "$port" -n 0 GET users:data)" == keep ]] || fail "db 0 of the external server was touched"
echo "check-install: external db 3: leak failed and reported, db 3 flushed, db 0 untouched"

echo "check-install: a suite with its own main() linking only redis_testkit::gtest"
# The suite talks to a hard-coded port (REDIS_TESTKIT_PORT), as adopted suites do. A fixed port can
# still be taken between free_port and redis-server's bind: then (only then) again on another.
for _ in 1 2 3; do
  set +e
  REDIS_TESTKIT_RUNTIME=process REDIS_TESTKIT_PORT="$(free_port)" REDIS_TESTKIT_REPORT_DIR="$work/own" \
    timeout 60 "$work/consumer/own_main_tests" >"$work/own.log" 2>&1
  rc=$?
  set -e
  grep -q "Address already in use" "$work/own.log" || break
done
out="$(cat "$work/own.log")"
[[ $rc -eq 0 ]] || { echo "$out"; fail "own_main_tests exited $rc"; }
grep -q '^\[redis\] OwnMain.StartsEmpty' <<<"$out" || { echo "$out"; fail "the kit did not run in a suite with its own main()"; }
ls "$work"/own/*.json >/dev/null 2>&1 || fail "no report from the suite with its own main()"
echo "check-install: own main(): flushed, measured, leak-checked, reported"

echo "check-install: the Debian package (cpack -G DEB)"
(cd "$build_dir" && cpack -G DEB -B "$work/deb" >"$work/cpack.log" 2>&1) \
  || { cat "$work/cpack.log" >&2; fail "cpack -G DEB failed"; }
deb="$(ls "$work"/deb/redis-testkit_*.deb)"
contents="$(dpkg-deb -c "$deb")"
for file in ./usr/bin/redis-testkit ./usr/bin/start-redis.sh ./usr/bin/stop-redis.sh \
            ./usr/lib/cmake/RedisTestkit/RedisTestkitConfig.cmake ./usr/include/redis_testkit/gtest.h; do
  grep -q " $file\$" <<<"$contents" || fail "$file is not in $(basename "$deb")"
done
depends="$(dpkg-deb -f "$deb" Depends)"
for dep in libhiredis-dev libgtest-dev nlohmann-json3-dev libspdlog-dev redis-server; do
  grep -q "$dep" <<<"$depends" || fail "the package does not depend on $dep: $depends"
done
echo "check-install: $(basename "$deb"): CLI, scripts, headers, CMake package; Depends: $depends"
if [[ $install_deb -eq 0 ]]; then
  echo "check-install: (not installed: --deb installs it with apt-get, as CI does)"
  exit 0
fi
if dpkg -s redis-testkit >/dev/null 2>&1; then
  fail "a redis-testkit package is installed already; remove it first (apt-get remove redis-testkit)"
fi
apt-get install -y -qq "$deb" >"$work/apt.log" 2>&1 || { cat "$work/apt.log" >&2; fail "apt-get install $deb failed"; }
deb_installed=1
cmake -S fixtures/tests/consumer -B "$work/deb-consumer" >/dev/null
grep -q "RedisTestkit_DIR:PATH=/usr/lib/cmake/RedisTestkit" "$work/deb-consumer/CMakeCache.txt" \
  || fail "the consumer did not find the package in /usr: $(grep RedisTestkit_DIR "$work/deb-consumer/CMakeCache.txt")"
cmake --build "$work/deb-consumer" -j "$(nproc)" >/dev/null
REDIS_TESTKIT_RUNTIME=process ctest --test-dir "$work/deb-consumer" --output-on-failure --no-tests=error >"$work/deb-ctest.log" 2>&1 \
  || { cat "$work/deb-ctest.log" >&2; fail "the consumer built against the package failed its tests"; }
port="$(free_port)"
REDIS_TESTKIT_RUNTIME=process REDIS_TESTKIT_PORT="$port" REDIS_TESTKIT_NAME="check-install-deb-$$" \
  timeout 60 start-redis.sh >"$work/start.log" 2>&1 || { cat "$work/start.log" >&2; fail "start-redis.sh (installed) failed"; }
pong="$(timeout 2 redis-cli -p "$port" PING || true)"
REDIS_TESTKIT_RUNTIME=process REDIS_TESTKIT_PORT="$port" REDIS_TESTKIT_NAME="check-install-deb-$$" \
  timeout 60 stop-redis.sh >"$work/stop.log" 2>&1 || { cat "$work/stop.log" >&2; fail "stop-redis.sh (installed) failed"; }
[[ "$pong" == PONG ]] || { cat "$work/start.log" >&2; fail "the Redis start-redis.sh started did not answer PING"; }
echo "check-install: apt-get installed the .deb; the consumer built against /usr passed; start-redis.sh / stop-redis.sh work as commands"

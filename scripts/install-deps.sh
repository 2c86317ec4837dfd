#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine for redis-testkit, as root. Idempotent: every step checks
# first and skips what is already done, and says so.
#
#   1. Debian packages (compiler, CMake, hiredis, spdlog, nlohmann-json, GoogleTest, benchmark,
#      cpp-httplib, OpenSSL, redis-server/redis-tools, podman + runc, docker.io,
#      clang-tidy/clang-format, chromium: the test of leak-report.html renders it headless; wrk and
#      curl: the gateway's HTTP benchmark; clang and libclang-rt-dev: libFuzzer, scripts/fuzz.sh;
#      CLI11, pugixml, prometheus-cpp: the flags, the JUnit XML and the gateway's metrics). An
#      engine package is left out when its command is already there from elsewhere (e.g.
#      docker-ce and containerd.io's runc on GitHub's runners): Debian's would conflict with it;
#      docker.io also when a Docker engine answers already.
#   2. Stops and disables the redis-server service the Debian package starts, so port 6379 stays
#      free for ./start-redis.sh.
#   3. Docker: when `docker info` does not answer, starts `dockerd` in the background (log in
#      /var/log/redis-testkit-dockerd.log; nothing else starts it on a machine without systemd)
#      and waits until it answers.
#   4. The Redis image in every engine that answers (podman, docker): the configured one
#      (REDIS_TESTKIT_IMAGE, default localhost/redis-testkit:7.0 when present, else
#      redis:7-alpine) if it exists locally or can be pulled; otherwise the local image is built
#      from the host's redis-server (scripts/build-local-image.sh --engine ENGINE).
#   5. Each engine runs a container: podman, when `podman run` fails, gets
#      /etc/containers/containers.conf (runc, cgroupfs, ulimits the sandbox can grant).
#
# Usage: scripts/install-deps.sh [--no-image] [--no-docker | --no-podman]
#   --no-image   packages and the redis-server service only (steps 1-2)
#   --no-docker  leave Docker alone: no docker.io package, no dockerd, no docker image
#   --no-podman  leave podman alone: no podman package, no configuration, no podman image
# Exit codes: 0 ready, 1 a step failed, 2 not root or bad usage.
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
local_image="localhost/redis-testkit:7.0"
registry_image="docker.io/library/redis:7-alpine"
pull_timeout_s=30
dockerd_log=/var/log/redis-testkit-dockerd.log
dockerd_timeout_s=60
with_image=1
with_docker=1
with_podman=1
usage() { sed -n '2,27p' "$0" | sed 's/^# \{0,1\}//'; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --no-image) with_image=0 ;;
    --no-docker) with_docker=0 ;;
    --no-podman) with_podman=0 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "install-deps: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

step() { echo "==> install-deps: $*"; }
skip() { echo "    (skip) $*"; }
fail() { echo "install-deps: ERROR: $*" >&2; exit 1; }

if [[ $(id -u) -ne 0 ]]; then
  echo "install-deps: must run as root (sudo bash scripts/install-deps.sh)" >&2
  exit 2
fi

# --- 1. packages --------------------------------------------------------------------------------
packages=(build-essential cmake pkg-config libhiredis-dev libspdlog-dev nlohmann-json3-dev
          libgtest-dev libgmock-dev libbenchmark-dev libcpp-httplib-dev libssl-dev
          redis-server redis-tools runc clang-tidy clang-format procps chromium
          wrk curl clang libclang-rt-dev libcli11-dev libpugixml-dev prometheus-cpp-dev)
[[ $with_podman -eq 1 ]] && packages+=(podman)
[[ $with_docker -eq 1 ]] && packages+=(docker.io)
# The command each engine package brings: when it is on PATH from another package, Debian's
# package is not installed (docker.io conflicts with docker-ce, runc with containerd.io).
declare -A engine_command=([docker.io]=dockerd [runc]=runc [podman]=podman)
step "1/5 Debian packages"
missing=()
for p in "${packages[@]}"; do
  status="$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)"
  [[ "$status" == "installed" ]] && continue
  command_name="${engine_command[$p]:-}"
  if [[ -n "$command_name" ]] && command -v "$command_name" >/dev/null 2>&1; then
    echo "    $p: not installed, but $(command -v "$command_name") is there already; keeping that one"
    continue
  fi
  if [[ "$p" == docker.io ]] && timeout 20 docker info >/dev/null 2>&1; then
    echo "    $p: not installed, but a Docker engine answers already (DOCKER_HOST or its socket)"
    continue
  fi
  missing+=("$p")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  skip "all ${#packages[@]} packages already installed"
else
  step "apt-get update"
  apt-get update
  step "apt-get install ${missing[*]}"
  # docker.io's postinst may try to start its service (systemd or /etc/init.d); whether it could
  # or not (no init system, or a policy-rc.d that forbids it), step 3 checks that an engine answers.
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi

# --- 2. the redis-server service ------------------------------------------------------------------
step "2/5 redis-server service (port 6379 must stay free for ./start-redis.sh)"
service_pidfile=/run/redis/redis-server.pid
stopped=0
if [[ -d /run/systemd/system ]] && command -v systemctl >/dev/null 2>&1; then
  if systemctl is-active --quiet redis-server 2>/dev/null; then
    systemctl stop redis-server && stopped=1
  fi
  if systemctl is-enabled --quiet redis-server 2>/dev/null; then
    systemctl disable redis-server
    echo "    disabled the systemd unit redis-server"
  fi
else
  if [[ -f "$service_pidfile" ]] && kill -0 "$(cat "$service_pidfile")" 2>/dev/null; then
    /etc/init.d/redis-server stop || kill "$(cat "$service_pidfile")"
    stopped=1
  fi
  if command -v update-rc.d >/dev/null 2>&1 && ls /etc/rc2.d/S*redis-server >/dev/null 2>&1; then
    update-rc.d redis-server disable >/dev/null 2>&1 || true
    echo "    disabled the init script redis-server"
  fi
fi
# The service runs as user "redis" (other redis-server processes, e.g. tests, are left alone).
for pid in $(pgrep -u redis -x redis-server 2>/dev/null || true); do
  kill "$pid" && stopped=1
done
if [[ $stopped -eq 1 ]]; then
  echo "    stopped the redis-server service"
else
  skip "no redis-server service running"
fi
if command -v redis-cli >/dev/null 2>&1 && timeout 2 redis-cli -p 6379 PING >/dev/null 2>&1; then
  echo "    note: something still answers on 127.0.0.1:6379 (./start-redis.sh's own instance?" \
       "./stop-redis.sh stops it)"
fi

if [[ $with_image -eq 0 ]]; then
  step "--no-image: skipping Docker, the image and the engine checks"
  exit 0
fi

# --- 3. the Docker engine -------------------------------------------------------------------------
step "3/5 Docker engine"
# The engines to set up, in the order REDIS_TESTKIT_RUNTIME=auto prefers them.
engines=()
[[ $with_podman -eq 1 ]] && command -v podman >/dev/null 2>&1 && engines+=(podman)
docker_answers() { timeout 20 docker info >/dev/null 2>&1; }
docker_server() { timeout 20 docker version --format '{{.Server.Version}}' 2>/dev/null || true; }
if [[ $with_docker -eq 0 ]]; then
  skip "--no-docker"
elif ! command -v docker >/dev/null 2>&1; then
  skip "docker is not installed"
elif docker_answers; then
  skip "a Docker engine answers (engine $(docker_server))"
  engines+=(docker)
else
  if pid="$(pgrep -x dockerd | head -n 1)" && [[ -n "$pid" ]]; then
    echo "    dockerd runs (pid $pid) but does not answer yet; waiting for it"
  elif ! command -v dockerd >/dev/null 2>&1; then
    fail "the docker client is installed but no Docker engine answers and there is no dockerd" \
         "(apt-get install docker.io, start your engine, or pass --no-docker)"
  elif [[ -d /run/systemd/system ]] && command -v systemctl >/dev/null 2>&1; then
    echo "    no Docker engine answers: systemctl start docker"
    systemctl start docker || echo "    systemctl start docker failed; waiting anyway"
  else
    # Nothing else starts it here: no systemd, and the package's own service start may have been
    # refused (policy-rc.d) or never tried. Detached from this script, it outlives it; its output
    # goes to the log only, so whoever reads this script's output (a CI runner) never waits for it.
    echo "    no Docker engine answers: starting dockerd in the background (log: $dockerd_log)"
    setsid dockerd >>"$dockerd_log" 2>&1 </dev/null &
  fi
  waited=0
  until docker_answers; do
    if [[ $waited -ge $dockerd_timeout_s ]]; then
      echo "    last lines of $dockerd_log:" >&2
      tail -n 15 "$dockerd_log" 2>/dev/null | sed 's/^/      /' >&2 || true
      fail "no Docker engine answers after ${dockerd_timeout_s} s (docker info:" \
           "$(docker info 2>&1 >/dev/null | head -n 1))"
    fi
    sleep 1
    waited=$((waited + 1))
  done
  echo "    the Docker engine answers after ${waited} s (engine $(docker_server)," \
       "dockerd pid $(pgrep -x dockerd | head -n 1 || echo '?'))"
  engines+=(docker)
fi
[[ ${#engines[@]} -gt 0 ]] || fail "no container engine to set up (--no-image skips this step)"

# --- 4. the image, in every engine -----------------------------------------------------------------
step "4/5 Redis image (${engines[*]})"
image_exists() { "$1" image inspect "$2" >/dev/null 2>&1; }
try_pull() {
  echo "    $1: pulling $2 (timeout ${pull_timeout_s}s)"
  timeout "$pull_timeout_s" "$1" pull -q "$2" >/dev/null 2>&1
}
build_local() { bash "$script_dir/build-local-image.sh" --engine "$1" --tag "$2" --no-check; }
declare -A image_of
configured="${REDIS_TESTKIT_IMAGE:-}"
for engine in "${engines[@]}"; do
  image=""
  if [[ -n "$configured" ]]; then
    if image_exists "$engine" "$configured" || try_pull "$engine" "$configured"; then
      image="$configured"
      skip "$engine: REDIS_TESTKIT_IMAGE=$configured is available"
    elif [[ "$configured" == localhost/* ]]; then
      build_local "$engine" "$configured"
      image="$configured"
    else
      echo "    $engine: REDIS_TESTKIT_IMAGE=$configured is neither local nor pullable; building" \
           "$local_image instead (unset REDIS_TESTKIT_IMAGE to use it)"
    fi
  fi
  if [[ -z "$image" ]]; then
    if image_exists "$engine" "$local_image"; then
      image="$local_image"
      # Rebuilds only when the host's redis-server changed since the image was built.
      build_local "$engine" "$local_image"
    elif image_exists "$engine" "$registry_image" || try_pull "$engine" "$registry_image"; then
      image="$registry_image"
      skip "$engine: $registry_image is available"
    else
      echo "    $engine: $registry_image cannot be pulled (no registry reachable); building $local_image"
      build_local "$engine" "$local_image"
      image="$local_image"
    fi
  fi
  image_of[$engine]="$image"
done

# --- 5. each engine runs a container ---------------------------------------------------------------
step "5/5 engines: checking that a container runs (${engines[*]})"
err_file="$(mktemp)"
trap 'rm -f "$err_file"' EXIT
engine_runs() { timeout 60 "$1" run --rm "$2" redis-server --version >/dev/null 2>"$err_file"; }
for engine in "${engines[@]}"; do
  image="${image_of[$engine]}"
  if engine_runs "$engine" "$image"; then
    skip "$engine run works"
  elif [[ "$engine" == docker ]]; then
    fail "docker run --rm $image failed: $(cat "$err_file")"
  else
    echo "    podman run failed: $(tail -n 1 "$err_file")"
    conf=/etc/containers/containers.conf
    if [[ -f "$conf" ]]; then
      cp "$conf" "$conf.before-redis-testkit"
      echo "    kept the previous $conf as $conf.before-redis-testkit"
    fi
    mkdir -p /etc/containers
    cat >"$conf" <<'CONF'
# Written by redis-testkit scripts/install-deps.sh because `podman run` failed with the defaults.
# - runtime runc: crun refuses hosts with cgroups in hybrid mode (cgroup v1 + a cgroup2 mount)
#   ("cgroups in hybrid mode not supported").
# - cgroup_manager cgroupfs: there is no systemd to manage cgroups.
# - default_ulimits: raising RLIMIT_NOFILE / RLIMIT_NPROC above the caller's limits needs
#   CAP_SYS_RESOURCE, which the sandbox does not grant ("error setting rlimits ... operation not
#   permitted"); these values are within what it allows and enough for Redis in tests.
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=4096:4096"]

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
CONF
    echo "    wrote $conf (runc, cgroupfs, nofile/nproc ulimits)"
    engine_runs podman "$image" || fail "podman run still fails: $(cat "$err_file")"
    echo "    podman run works now"
  fi
  echo "    $engine run --rm $image: $("$engine" run --rm "$image" redis-server --version)"
done
summary=""
for engine in "${engines[@]}"; do summary+="${summary:+, }$engine: ${image_of[$engine]}"; done
step "ready ($summary)"

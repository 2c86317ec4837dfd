#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine for redis-testkit, as root. Idempotent: every step checks
# first and skips what is already done, and says so.
#
#   1. Debian packages (compiler, CMake, hiredis, spdlog, nlohmann-json, GoogleTest, benchmark,
#      cpp-httplib, OpenSSL, redis-server/redis-tools, podman + runc, clang-tidy/clang-format).
#   2. Stops and disables the redis-server service the Debian package starts, so port 6379 stays
#      free for ./start-redis.sh.
#   3. The Redis image: the configured one (REDIS_TESTKIT_IMAGE, default localhost/redis-testkit:7.0
#      when present, else redis:7-alpine) if it exists locally or can be pulled; otherwise the local
#      image is built from the host's redis-server (scripts/build-local-image.sh).
#   4. Podman: when `podman run` does not work, writes /etc/containers/containers.conf (runc,
#      cgroupfs, ulimits the sandbox can grant) and checks again.
#
# Usage: scripts/install-deps.sh [--no-image]      Exit codes: 0 ready, 1 a step failed, 2 not root.
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
local_image="localhost/redis-testkit:7.0"
registry_image="docker.io/library/redis:7-alpine"
pull_timeout_s=30
with_image=1
[[ "${1:-}" == "--no-image" ]] && with_image=0
if [[ "${1:-}" == "-h" || "${1:-}" == "--help" ]]; then sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0; fi

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
          redis-server redis-tools podman runc clang-tidy clang-format procps)
step "1/4 Debian packages"
missing=()
for p in "${packages[@]}"; do
  status="$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)"
  [[ "$status" == "installed" ]] || missing+=("$p")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  skip "all ${#packages[@]} packages already installed"
else
  step "apt-get update"
  apt-get update
  step "apt-get install ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi

# --- 2. the redis-server service ------------------------------------------------------------------
step "2/4 redis-server service (port 6379 must stay free for ./start-redis.sh)"
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
  step "--no-image: skipping the image and podman checks"
  exit 0
fi

# --- 3. the image ---------------------------------------------------------------------------------
step "3/4 Redis image"
image_exists() { podman image exists "$1" 2>/dev/null; }
try_pull() {
  echo "    pulling $1 (timeout ${pull_timeout_s}s)"
  timeout "$pull_timeout_s" podman pull -q "$1" >/dev/null 2>&1
}
configured="${REDIS_TESTKIT_IMAGE:-}"
image=""
if [[ -n "$configured" ]]; then
  if image_exists "$configured" || try_pull "$configured"; then
    image="$configured"
    skip "REDIS_TESTKIT_IMAGE=$configured is available"
  elif [[ "$configured" == localhost/* ]]; then
    bash "$script_dir/build-local-image.sh" --tag "$configured" --no-check
    image="$configured"
  else
    echo "    REDIS_TESTKIT_IMAGE=$configured is neither local nor pullable; building $local_image" \
         "instead (unset REDIS_TESTKIT_IMAGE to use it)"
  fi
fi
if [[ -z "$image" ]]; then
  if image_exists "$local_image"; then
    image="$local_image"
    # Rebuilds only when the host's redis-server changed since the image was built.
    bash "$script_dir/build-local-image.sh" --tag "$local_image" --no-check
  elif image_exists "$registry_image" || try_pull "$registry_image"; then
    image="$registry_image"
    skip "$registry_image is available"
  else
    echo "    $registry_image cannot be pulled (no registry reachable); building $local_image"
    bash "$script_dir/build-local-image.sh" --tag "$local_image" --no-check
    image="$local_image"
  fi
fi

# --- 4. podman run --------------------------------------------------------------------------------
step "4/4 podman: checking that a container runs ($image)"
podman_runs() { timeout 60 podman run --rm "$image" redis-server --version >/dev/null 2>"$1"; }
err_file="$(mktemp)"
trap 'rm -f "$err_file"' EXIT
if podman_runs "$err_file"; then
  skip "podman run works"
else
  echo "    podman run failed: $(tail -n 1 "$err_file")"
  conf=/etc/containers/containers.conf
  if [[ -f "$conf" ]]; then
    cp "$conf" "$conf.before-redis-testkit"
    echo "    kept the previous $conf as $conf.before-redis-testkit"
  fi
  mkdir -p /etc/containers
  cat >"$conf" <<'EOF'
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
EOF
  echo "    wrote $conf (runc, cgroupfs, nofile/nproc ulimits)"
  podman_runs "$err_file" || fail "podman run still fails: $(cat "$err_file")"
  echo "    podman run works now"
fi
podman run --rm "$image" redis-server --version | sed 's/^/    /'
step "ready (image $image)"

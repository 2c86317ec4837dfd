#!/usr/bin/env bash
# Builds the local Redis image localhost/redis-testkit:7.0 from this host's own redis-server.
#
# Why: machines without a reachable registry cannot pull redis:7-alpine. The host's Debian
# redis-server (plus redis-cli, every library `ldd` lists and the dynamic loader) is copied into a
# root file system, tarred and imported (`podman import` / `docker import`): an ~18 MB image that
# needs no network. The containers runtime runs it as `redis-server --bind 0.0.0.0 ...`.
#
# Idempotent: does nothing when the image exists and was built from the same redis-server binary
# (label redis-testkit.source-sha256); --force rebuilds.
#
# Usage: scripts/build-local-image.sh [--engine podman|docker] [--tag IMAGE] [--force] [--no-check]
#   --no-check: skip the final `run --rm IMAGE redis-server --version` (install-deps.sh checks
#   each engine itself, after it has configured podman).
# Exit codes: 0 built or already up to date, 1 build failed, 2 bad usage / missing tool.
set -euo pipefail

tag="localhost/redis-testkit:7.0"
engine=""
force=0
check=1
redis_server_bin="/usr/bin/redis-server"
redis_cli_bin="/usr/bin/redis-cli"

usage() { sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --engine) engine="${2:?--engine needs podman or docker}"; shift 2 ;;
    --tag) tag="${2:?--tag needs an image name}"; shift 2 ;;
    --force) force=1; shift ;;
    --no-check) check=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "build-local-image: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done

step() { echo "==> build-local-image: $*"; }

if [[ -z "$engine" ]]; then
  if command -v podman >/dev/null 2>&1; then engine=podman
  elif command -v docker >/dev/null 2>&1; then engine=docker
  else
    echo "build-local-image: neither podman nor docker is installed (run scripts/install-deps.sh)" >&2
    exit 2
  fi
fi
for tool in "$engine" ldd tar sha256sum; do
  command -v "$tool" >/dev/null 2>&1 || { echo "build-local-image: '$tool' not found" >&2; exit 2; }
done
for bin in "$redis_server_bin" "$redis_cli_bin"; do
  [[ -x "$bin" ]] || { echo "build-local-image: $bin missing (apt-get install redis-server redis-tools)" >&2; exit 2; }
done

source_sha="$(sha256sum "$(readlink -f "$redis_server_bin")" | cut -d' ' -f1)"
if [[ $force -eq 0 ]] && "$engine" image inspect "$tag" >/dev/null 2>&1; then
  built_from="$("$engine" image inspect --format '{{ index .Config.Labels "redis-testkit.source-sha256" }}' "$tag" 2>/dev/null || true)"
  if [[ "$built_from" == "$source_sha" ]]; then
    step "$tag already exists in $engine and was built from this host's redis-server; nothing to do (--force rebuilds)"
    exit 0
  fi
  step "$tag exists in $engine but was built from another redis-server binary; rebuilding"
fi

rootfs="$(mktemp -d /tmp/redis-testkit-rootfs.XXXXXX)"
trap 'rm -rf "$rootfs"' EXIT
step "collecting redis-server, redis-cli and their libraries into $rootfs"
mkdir -p "$rootfs"/{usr/bin,etc,data} "$rootfs/tmp"
chmod 1777 "$rootfs/tmp"
# redis-server is a symlink to redis-check-rdb on Debian; the binary picks its mode from argv[0],
# so the copy must be named redis-server (cp -L follows the link).
cp -L "$redis_server_bin" "$rootfs/usr/bin/redis-server"
cp -L "$redis_cli_bin" "$rootfs/usr/bin/redis-cli"
# Every library ldd lists ("name => /path (addr)" and the loader "/lib64/ld-linux... (addr)").
while read -r lib; do
  [[ -n "$lib" && -e "$lib" ]] || continue
  mkdir -p "$rootfs$(dirname "$lib")"
  cp -L "$lib" "$rootfs$lib"
done < <(ldd "$redis_server_bin" "$redis_cli_bin" | awk '/=> \// {print $3} /^\t\// {print $1}' | sort -u)
echo "root:x:0:0:root:/data:/sbin/nologin" >"$rootfs/etc/passwd"
echo "root:x:0:" >"$rootfs/etc/group"

version="$("$redis_server_bin" --version | sed -n 's/.*v=\([0-9.]*\).*/\1/p')"
step "importing $(du -sh "$rootfs" | cut -f1) as $tag with $engine (redis $version)"
tar -C "$rootfs" -c . | "$engine" import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'WORKDIR /data' \
  --change 'EXPOSE 6379' \
  --change "LABEL redis-testkit.source-sha256=$source_sha" \
  --change "LABEL redis-testkit.redis-version=$version" \
  --change 'CMD ["redis-server", "--bind", "0.0.0.0", "--protected-mode", "no"]' \
  - "$tag" >/dev/null

if [[ $check -eq 1 ]]; then
  step "checking: $engine run --rm $tag redis-server --version"
  if ! "$engine" run --rm "$tag" redis-server --version; then
    echo "build-local-image: the image was imported but $engine cannot run it; on a sandboxed host" \
         "run scripts/install-deps.sh (it writes /etc/containers/containers.conf)" >&2
    exit 1
  fi
fi
step "done: $tag"

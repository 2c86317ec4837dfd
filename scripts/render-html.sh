#!/usr/bin/env bash
# Renders a local HTML file (e.g. leak-report.html) in headless Chromium with no network: the DOM
# as the browser built it, and/or a screenshot. The test of leak-report.html and .ci/run use it.
#
# Usage: scripts/render-html.sh [--dom FILE] [--screenshot PNG] [--size WxH] HTML
#   --dom FILE        write the rendered DOM (Chromium's --dump-dom) to FILE
#   --screenshot PNG  write a screenshot of the page to PNG
#   --size WxH        the window (default 1280x2400)
# Environment: CHROMIUM, the browser (default: chromium, Debian's package; scripts/install-deps.sh
# installs it).
# No network: in a network namespace of its own (`unshare -rn`) when the machine allows one, and
# always with a proxy that goes nowhere; a fresh, empty profile; no background networking,
# component updates, sync or QUIC. Every run is bounded by a timeout.
# Exit codes: 0 rendered, 1 Chromium failed (its log is printed), 2 bad usage, 77 no Chromium.
set -euo pipefail

usage() { sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; }
die_usage() { echo "render-html: $*" >&2; usage >&2; exit 2; }

dom=""
screenshot=""
size="1280x2400"
html=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --dom) [[ $# -ge 2 ]] || die_usage "--dom needs a file"; dom="$2"; shift ;;
    --screenshot) [[ $# -ge 2 ]] || die_usage "--screenshot needs a file"; screenshot="$2"; shift ;;
    --size)
      [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*x[1-9][0-9]*$ ]] || die_usage "--size needs WxH, e.g. 1280x2400"
      size="$2"; shift ;;
    -h|--help) usage; exit 0 ;;
    -*) die_usage "unknown option: $1" ;;
    *) [[ -z "$html" ]] || die_usage "one HTML file only"; html="$1" ;;
  esac
  shift
done
[[ -n "$html" ]] || die_usage "which HTML file?"
[[ -f "$html" ]] || die_usage "$html: no such file"
[[ -n "$dom" || -n "$screenshot" ]] || die_usage "nothing to do: give --dom and/or --screenshot"
chromium="${CHROMIUM:-chromium}"
if ! command -v "$chromium" >/dev/null 2>&1; then
  echo "render-html: $chromium not found (Debian package chromium: scripts/install-deps.sh)" >&2
  exit 77
fi
url="file://$(cd "$(dirname "$html")" && pwd)/$(basename "$html")"
timeout_s=120  # a loaded 2-core machine needs ~10 s per page

isolate=()
if unshare -rn true >/dev/null 2>&1; then isolate=(unshare -rn); fi

work="$(mktemp -d "${TMPDIR:-/tmp}/redis-testkit-chromium-XXXXXX")"
trap 'rm -rf "$work"' EXIT

# chromium ARGS... : one run with a profile of its own; stdout to $work/out, log to $work/log.
chromium_run() {
  local profile
  profile="$(mktemp -d "$work/profile-XXXXXX")"
  if ! timeout --kill-after=5 "$timeout_s" "${isolate[@]}" "$chromium" --headless --no-sandbox \
      --disable-gpu --disable-quic --no-first-run --disable-background-networking \
      --disable-component-update --disable-sync --disable-extensions \
      --proxy-server=127.0.0.1:9 --user-data-dir="$profile" "$@" >"$work/out" 2>"$work/log"; then
    echo "render-html: $chromium failed on $url (log below)" >&2
    tail -n 30 "$work/log" >&2
    exit 1
  fi
}

if [[ -n "$dom" ]]; then
  chromium_run --dump-dom "$url"
  [[ -s "$work/out" ]] || { echo "render-html: $chromium printed no DOM for $url" >&2; tail -n 30 "$work/log" >&2; exit 1; }
  cp "$work/out" "$dom"
fi
if [[ -n "$screenshot" ]]; then
  chromium_run --hide-scrollbars --window-size="${size/x/,}" --screenshot="$work/shot.png" "$url"
  [[ -s "$work/shot.png" ]] || { echo "render-html: no screenshot of $url" >&2; tail -n 30 "$work/log" >&2; exit 1; }
  cp "$work/shot.png" "$screenshot"
fi
echo "render-html: $url rendered${isolate:+ without a network (unshare -rn)}${dom:+, DOM in $dom}${screenshot:+, screenshot in $screenshot}"

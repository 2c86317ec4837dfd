#!/usr/bin/env bash
# The gateway's HTTP benchmark: wrk against gateway-server on loopback, over keep-alive connections
# (as AlertManager sends) and with "Connection: close", for GET /health (the HTTP layer's own
# ceiling, same server, same run), single-alert requests, 10-alert batches and duplicates.
# Prints requests/s and latency percentiles per case, then the issue's targets: keep-alive /health
# p50 under 0.5 ms; single-alert requests at least 50% of /health's rate at the same connection
# count. Asserts nothing (exit non-zero only when something failed to run).
#
# Usage: bench/http/http_bench.sh --gateway PATH --redis-url URL [--duration SECONDS]
#                                 [--connections 1,4,16]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
gateway="" redis_url="" duration=3 connections="1,4,16"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --gateway) gateway="${2:?--gateway needs a path}"; shift 2 ;;
    --redis-url) redis_url="${2:?--redis-url needs a URL}"; shift 2 ;;
    --duration) duration="${2:?--duration needs seconds}"; shift 2 ;;
    --connections) connections="${2:?--connections needs a list like 1,4,16}"; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "http_bench: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[[ -x "$gateway" ]] || { echo "http_bench: --gateway must name the gateway-server binary" >&2; exit 2; }
[[ -n "$redis_url" ]] || { echo "http_bench: --redis-url is required" >&2; exit 2; }
for tool in wrk curl; do
  command -v "$tool" >/dev/null || { echo "http_bench: $tool not found (scripts/install-deps.sh)" >&2; exit 2; }
done

work="$(mktemp -d /tmp/gateway-http-bench-XXXXXX)"
pid=""
cleanup() {
  if [[ -n "$pid" ]]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
"$gateway" --listen 127.0.0.1:0 --redis-url "$redis_url" --rate-limit 0 --rr-file /dev/null \
  >"$work/gateway.log" 2>&1 &
pid=$!
port=""
for _ in $(seq 100); do  # at most 10 s
  port="$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/gateway.log")"
  [[ -n "$port" ]] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
[[ -n "$port" ]] || { echo "http_bench: gateway-server did not start:" >&2; cat "$work/gateway.log" >&2; exit 1; }
url="http://127.0.0.1:$port"
curl -sf --max-time 5 "$url/health" >/dev/null || { echo "http_bench: $url/health does not answer" >&2; exit 1; }

# wrk's latency figures ("85.00us", "1.20ms", "2.01s") in milliseconds.
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /[0-9]s$/ && v !~ /ms$/) n *= 1000; printf "%.3f", n }'; }

run=0
declare -A rate
# Runs one case; prints a row and records its rate as rate[<mode> <connections> <workload>].
bench() {
  local mode="$1" c="$2" workload="$3" args=()
  run=$((run + 1))
  [[ "$mode" == close ]] && args+=(-H "Connection: close")
  [[ "$workload" == health ]] || args+=(-s "$here/signals.lua")
  local target="$url/health"
  [[ "$workload" == health ]] || target="$url"
  local threads=$(( c < 2 ? c : 2 ))
  local out
  out="$(wrk -t "$threads" -c "$c" -d "${duration}s" --timeout 5s --latency "${args[@]}" "$target" \
         -- "$workload" "r$$x$run" 2>&1)" || { echo "$out" >&2; return 1; }
  local rps p50 p99 errors non2xx per
  rps="$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' <<<"$out")"
  p50="$(to_ms "$(awk '$1 == "50%" { print $2 }' <<<"$out")")"
  p99="$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")"
  errors="$(awk '/Socket errors/ { gsub(",", ""); print $4 + $6 + $8 + $10 }' <<<"$out")"
  non2xx="$(awk '/Non-2xx/ { print $5 }' <<<"$out")"
  per=1; [[ "$workload" == batch10 ]] && per=10
  rate["$mode $c $workload"]="$rps"
  printf '%-10s %5s  %-9s %9s %9s %9s %11s %7s\n' "$mode" "$c" "$workload" "$rps" "$p50" "$p99" \
    "$((rps * per))" "$(( ${errors:-0} + ${non2xx:-0} ))"
  [[ "$mode $workload" != "keep-alive health" ]] || echo "$p50" >>"$work/health_p50.$c"
}

echo "gateway-server on $url (Redis $redis_url), wrk ${duration}s per case, $(nproc) cores," \
  "load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-10s %5s  %-9s %9s %9s %9s %11s %7s\n' mode conns workload "req/s" "p50 ms" "p99 ms" \
  "signals/s" errors
IFS=',' read -r -a counts <<<"$connections"
status=0
for mode in keep-alive close; do
  for c in "${counts[@]}"; do
    for workload in health single batch10 duplicate; do
      bench "$mode" "$c" "$workload" || status=1
    done
  done
done

echo
echo "targets: keep-alive /health p50 < 0.5 ms; single-alert req/s >= 50% of /health's at the same connections"
for mode in keep-alive close; do
  for c in "${counts[@]}"; do
    health="${rate[$mode $c health]:-0}" single="${rate[$mode $c single]:-0}"
    [[ "$health" -gt 0 ]] || continue
    line="$(awk -v s="$single" -v h="$health" 'BEGIN { printf "%.0f%%", 100 * s / h }')"
    extra=""
    [[ -f "$work/health_p50.$c" && "$mode" == keep-alive ]] && extra=", /health p50 $(cat "$work/health_p50.$c") ms"
    echo "  $mode c=$c: single/health = $line$extra"
  done
done
exit "$status"

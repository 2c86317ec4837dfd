#!/usr/bin/env bash
# leak-report.html as a browser shows it (ctest: redis_testkit.report.html): per-process reports
# written here (one test leaks a key whose name holds a <script> element, one had OOM
# rejections, one has a command profile and a slow command) are merged by `redis-testkit
# merge-reports`, the page is rendered by headless Chromium without a network
# (scripts/render-html.sh), and the DOM Chromium built - not the file's text - must hold the
# chart with its three lines and markers and every table, with the key name as text: no script
# element, the title unchanged. Exit 77 (ctest: skipped) when Chromium is not installed.
#
# Usage: check_html_report.sh CLI RENDER_SCRIPT [SCREENSHOT]
#   SCREENSHOT  also keep a screenshot of the page there
set -euo pipefail

cli=${1:?redis-testkit CLI}
render=${2:?scripts/render-html.sh}
keep_screenshot=${3:-}
if ! command -v "${CHROMIUM:-chromium}" >/dev/null 2>&1; then
  echo "SKIPPED: ${CHROMIUM:-chromium} is not installed (Debian package chromium;" \
       "scripts/install-deps.sh installs it): leak-report.html is not rendered"
  exit 77
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/redis-testkit-html-XXXXXX")
trap '[[ -n "${KEEP_WORK:-}" ]] || rm -rf "$work"' EXIT
fail() { echo "check_html_report: FAILED: $*" >&2; exit 1; }
step() { echo "check_html_report: $*"; }
mkdir -p "$work/reports"

# test_json NAME STATUS DURATION_MS USED_BEFORE USED_AFTER PEAK [MORE JSON FIELDS]
test_json() {
  printf '{"suite": "Cart", "name": "%s", "status": "%s", "duration_ms": %s, "memory": {"used_before": %s, "used_after": %s, "peak_before": %s, "peak": %s, "maxmemory": 33554432}%s}' \
    "$1" "$2" "$3" "$4" "$5" "$4" "$6" "${7:-}"
}
report_json() {  # FILE PID STARTED TESTS...
  local file=$1 pid=$2 started=$3
  shift 3
  local tests
  tests=$(IFS=,; echo "$*")
  printf '{"schema": "redis-testkit/leak-report", "version": 1, "process": {"binary": "cart_tests", "pid": %s, "started_at": "%s", "hostname": "ci"}, "server": {"runtime": "process", "maxmemory": 33554432, "maxmemory_policy": "noeviction"}, "tests": [%s]}\n' \
    "$pid" "$started" "$tests" >"$work/reports/$file"
}
evil='cart:<script>document.title=\"pwned\"</script>:1'
leaks=', "leaks": {"no_ttl": [{"key": "'"$evil"'", "type": "string", "ttl_ms": -1, "bytes": 72}], "no_ttl_count": 1, "no_ttl_bytes": 72}, "patterns": [{"pattern": "cart:*", "count": 1, "bytes": 72, "no_ttl": 1, "samples": ["'"$evil"'"]}]'
profile=', "commands": [{"command": "set", "calls": 40, "usec": 400}, {"command": "get", "calls": 12, "usec": 60}], "slow_commands": [{"id": 3, "timestamp": 1714564800, "usec": 25000, "command": "DEBUG SLEEP 0.025", "client": "127.0.0.1:50000"}]'
report_json cart_tests-101-20240501T120000Z.json 101 2024-05-01T12:00:00.000Z \
  "$(test_json Adds passed 12 1000000 1200000 1200000)" \
  "$(test_json Leaks failed 30 1000000 1300000 1300000 "$leaks")"
report_json cart_tests-102-20240501T120001Z.json 102 2024-05-01T12:00:01.000Z \
  "$(test_json Fills failed 900 1100000 9000000 33000000 ', "oom_rejections": 4')" \
  "$(test_json Profiled passed 45 1000000 1100000 1100000 "$profile")" \
  "$(test_json Empty passed 1 1000000 1000000 1000000)"

step "merge-reports"
"$cli" merge-reports --dir "$work/reports" --out "$work/out" >"$work/merge.log" 2>&1 \
  || { cat "$work/merge.log" >&2; fail "merge-reports failed"; }
[[ -f "$work/out/leak-report.html" ]] || { cat "$work/merge.log" >&2; fail "no leak-report.html"; }

step "render it in headless Chromium (no network)"
shot="$work/leak-report.png"
"$render" --dom "$work/dom.html" --screenshot "$shot" "$work/out/leak-report.html"
dom=$(cat "$work/dom.html")
count() { { grep -o -- "$1" <<<"$dom" || true; } | wc -l; }
expect_count() {  # WHAT EXPECTED TEXT
  local n
  n=$(count "$3")
  [[ "$n" == "$2" ]] || fail "$1: expected $2, the rendered DOM has $n ($3)"
}

expect_count "the chart" 1 '<svg id="memory-chart"'
expect_count "lines (before, after, peak)" 3 '<polyline class="series series-\(before\|after\|peak\)"'
points=$(sed -n 's/.*series-peak" points="\([^"]*\)".*/\1/p' <<<"$dom" | wc -w)
[[ "$points" == 5 ]] || fail "the peak line has $points points, not one per test (5)"
expect_count "hover areas, one per test" 5 '<rect x="'
expect_count "leak markers" 1 'class="marker marker-leak"'
expect_count "OOM markers" 1 'class="marker marker-oom"'
for table in totals-table leaks-table patterns-table commands-table test-commands-table \
             slow-commands-table oom-table slowest-table; do
  expect_count "table $table" 1 "<table id=\"$table\">"
done
grep -q '<td>Tests</td><td class="num">5 (3 passed, 2 failed, 0 skipped)</td>' <<<"$dom" \
  || fail "the totals table does not count the 5 tests"
grep -q '#3 Cart.Fills: before 1.05MB, after 8.58MB, peak 31.5MB, 4 OOM rejection(s)' <<<"$dom" \
  || fail "the third test in run order (Cart.Fills) has no hover title with its figures"
step "the chart (3 lines of 5 points, 1 leak and 1 OOM marker) and 8 tables are in the DOM"

expect_count "script elements" 0 '<script'
expect_count "the key name shown as text (leaks table, pattern sample)" 2 \
  'cart:&lt;script&gt;document.title="pwned"&lt;/script&gt;:1'
grep -q '<title>Redis test kit report</title>' <<<"$dom" || fail "the page's title changed: a key name ran as a script"
for element in '<link' '<img' '<iframe' '<object' '<embed'; do
  expect_count "$element elements" 0 "$element"
done
step "the key name with <script> in it is text, nothing loads from outside the page"

[[ "$(head -c 8 "$shot" | od -An -tx1 | tr -d ' \n')" == 89504e470d0a1a0a ]] || fail "the screenshot is not a PNG"
if [[ -n "$keep_screenshot" ]]; then
  mkdir -p "$(dirname "$keep_screenshot")"
  cp "$shot" "$keep_screenshot"
  step "screenshot kept: $keep_screenshot"
fi
step "passed"

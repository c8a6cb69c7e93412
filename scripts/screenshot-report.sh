#!/usr/bin/env bash
# Two screenshots of a report.html for docs/figures/, taken with headless Chromium and no network:
#   report-html-overview.png  the top of the page: statistics, the percentile curve with its bands
#   report-html-timeline.png  latency and GPU telemetry on one time axis, and the depth maps
# The second is taken from a copy of the page with the sections above hidden (an inline style, which the page's
# policy allows); the report itself is not changed.
# Usage: scripts/screenshot-report.sh DIR [OUT_DIR]   (DIR holds report.html; OUT_DIR default docs/figures)
set -euo pipefail
dir=${1:?usage: scripts/screenshot-report.sh DIR [OUT_DIR]}
out=${2:-docs/figures}
page="$dir/report.html"
[ -f "$page" ] || { echo "screenshot-report: no $page" >&2; exit 2; }
command -v chromium >/dev/null || { echo "screenshot-report: chromium not found (apt-get install chromium)" >&2; exit 3; }
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

shoot() {  # shoot FILE PNG HEIGHT
  chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-extensions --hide-scrollbars \
    --disable-background-networking --host-resolver-rules="MAP * ~NOTFOUND" --user-data-dir="$work/profile" \
    --virtual-time-budget=5000 --window-size="1280,$3" --screenshot="$2" "file://$(realpath "$1")" \
    > "$work/chromium.log" 2>&1 || { tail -n 5 "$work/chromium.log" >&2; exit 1; }
}

shoot "$page" "$out/report-html-overview.png" 1250
sed 's|</head>|<style>#stats, #percentiles, .sub { display: none; }</style></head>|' "$page" > "$work/timeline.html"
shoot "$work/timeline.html" "$out/report-html-timeline.png" 3700
ls -l "$out/report-html-overview.png" "$out/report-html-timeline.png"

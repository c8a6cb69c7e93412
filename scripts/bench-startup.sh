#!/usr/bin/env bash
# Start-up cost of the commands that need no backend: process wall time (median, min and max over N runs,
# after one untimed run that warms the page cache) and peak RSS (one more run under /usr/bin/time, when it is
# installed) of `--version`, `report` on a small result (with gnuplot on PATH, and without: then only the
# data and scripts are written) and `quality diff` on two small .npy files. A benchmark, not a test: the
# numbers depend on the machine and its load (the load average is printed with them).
#   scripts/bench-startup.sh [BINARY] [N]   (defaults: the first of build/{ci,cuda,cpu}/bin/inferbench; 20)
set -euo pipefail

binary="${1:-}"
runs="${2:-20}"
if [ -z "$binary" ]; then
  for preset in ci cuda cpu; do
    if [ -x "build/$preset/bin/inferbench" ]; then binary="build/$preset/bin/inferbench"; break; fi
  done
fi
[ -n "$binary" ] && [ -x "$binary" ] || { echo "bench-startup: no inferbench binary; give its path" >&2; exit 2; }
case "$runs" in '' | *[!0-9]* | 0) echo "bench-startup: N must be a positive integer" >&2; exit 2 ;; esac
binary="$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# A .npy file of four float32 values (format 1.0; the header is padded so that the data starts at byte 128).
write_npy() {
  local header="{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }"
  printf '\x93NUMPY\x01\x00\x76\x00%-117s\n' "$header" >"$1"
  printf "$2" >>"$1"
}
write_npy "$work/ref.npy" '\x00\x00\x80\x3f\x00\x00\x00\x40\x00\x00\x40\x40\x00\x00\x80\x40'   # 1 2 3 4
write_npy "$work/test.npy" '\x00\x00\x80\x3f\x00\x00\x00\x40\x00\x00\x40\x40\x00\x00\x88\x40'  # 1 2 3 4.25
"$binary" run --model fake:0.01 --warmup 2 --iterations 50 --output-dir "$work/result" >/dev/null 2>&1 ||
  { echo "bench-startup: the fake-backend run that makes the small result failed" >&2; exit 1; }

now_ns() { date +%s%N; }

# measure LABEL ENV... -- COMMAND...: one line of results.
measure() {
  local label="$1"
  shift
  local env_args=()
  while [ "$1" != "--" ]; do env_args+=("$1"); shift; done
  shift
  env "${env_args[@]}" "$@" >/dev/null 2>&1 || { echo "bench-startup: '$label' failed" >&2; exit 1; }
  local times=() start end
  for _ in $(seq "$runs"); do
    start=$(now_ns)
    env "${env_args[@]}" "$@" >/dev/null 2>&1
    end=$(now_ns)
    times+=($(((end - start) / 1000)))
  done
  local sorted
  mapfile -t sorted < <(printf '%s\n' "${times[@]}" | sort -n)
  local n=${#sorted[@]} median
  if [ $((n % 2)) -eq 1 ]; then
    median=${sorted[$((n / 2))]}
  else
    median=$(((sorted[n / 2 - 1] + sorted[n / 2]) / 2))
  fi
  local rss="-"
  if [ -x /usr/bin/time ]; then
    rss=$(env "${env_args[@]}" /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -n 1)
    rss=$(awk -v kb="$rss" 'BEGIN { printf "%.1f", kb / 1024 }')
  fi
  awk -v label="$label" -v median="$median" -v min="${sorted[0]}" -v max="${sorted[$((n - 1))]}" -v rss="$rss" \
    'BEGIN { printf "%-34s %9.1f %9.1f %9.1f %12s\n", label, median / 1000, min / 1000, max / 1000, rss }'
}

echo "binary: $binary"
echo "runs: $runs per command; load average: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) CPUs"
printf '%-34s %9s %9s %9s %12s\n' "command" "median ms" "min ms" "max ms" "peak RSS MB"
measure "--version" -- "$binary" --version
measure "report (gnuplot draws 3 figures)" -- "$binary" report "$work/result/result.json" --output-dir "$work/r1"
measure "report (no gnuplot on PATH)" PATH=/nonexistent -- "$binary" report "$work/result/result.json" \
  --output-dir "$work/r2"
measure "quality diff" -- "$binary" quality diff --ref "$work/ref.npy" --test "$work/test.npy"

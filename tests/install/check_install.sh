#!/bin/sh
# `cmake --install` of the build tree, then a consumer configured and built against the installed tree alone
# (CMAKE_PREFIX_PATH), run, and its output checked: two runs, ok, 40 samples each, the 0.5 ms one slower.
# Usage: check_install.sh BUILD_DIR SOURCE_DIR WORK_DIR
set -eu
build=$1 source=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
cmake --install "$build" --prefix "$work/prefix" > "$work/install.log"
test -f "$work/prefix/include/inferbench/run.hpp"
# The public headers are std-only: each include is another public header or a standard one (<name>, no '.h',
# no '/'), so a program needs neither torch, CUDA nor fmt to use them.
if grep -h '^#include' "$work/prefix/include/inferbench/"*.hpp | grep -v '^#include "inferbench/[a-z_]*\.hpp"$' |
   grep -v '^#include <[a-z_]*>$'; then
  echo "a public header includes something that is not std or inferbench/ (above)" >&2
  exit 1
fi
cmake -S "$source/tests/install/consumer" -B "$work/build" -DCMAKE_PREFIX_PATH="$work/prefix" \
  -DCMAKE_BUILD_TYPE=Release > "$work/configure.log"
cmake --build "$work/build" > "$work/build.log"
"$work/build/consumer" "$work/out" > "$work/runs.txt"
cat "$work/runs.txt"
test -f "$work/out/result.json" && test -f "$work/out/summary.csv"
awk 'NR == 1 && $1 == "quick" && $2 == "ok" && $3 == 40 { q = $4 }
     NR == 2 && $1 == "slow" && $2 == "ok" && $3 == 40 { s = $4 }
     END { exit !(q > 0 && s > q) }' "$work/runs.txt"
echo "install + find_package consumer: ok"

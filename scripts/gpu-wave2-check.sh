#!/usr/bin/env bash
# On the GPU machine (../shared/device/README.md): the second wave's GPU proofs, in three parts so that each fits
# one device command (10 minutes). Everything is built once, into build/device of the uploaded tree, which the
# device machine keeps between commands while it stays warm; models go to build/device-models. $OUT/<part> gets
# each part's logs and tables.
#   build   configure (cuda preset, warnings not errors, Python module for python3) and build everything, run the
#           gpu-labelled tests, then report.html from the depth model (scripts/gpu-report-html-check.sh)
#   sweep   scripts/gpu-sweep-check.sh: batch sweep to 12 GiB, concurrency sweep, out-of-memory on purpose
#   pipeline scripts/gpu-pipeline-check.sh: the annotated pipeline, launch -np 1/2/4
# Start each as:  source .devdeps/unpack.sh; scripts/gpu-wave2-check.sh PART
set -uo pipefail
part=${1:?"usage: gpu-wave2-check.sh build|sweep|pipeline"}
RESULTS=${OUT:-/tmp/ib-out}
export BUILD=$PWD/build/device MODELS=$PWD/build/device-models IB_PREBUILT=1
mkdir -p "$RESULTS/$part" "$MODELS"
build_all() {  # configure (cuda preset, warnings not errors, Python module for python3) and build everything
  if [ -f /usr/include/nlohmann/json.hpp ]; then  # as gpu-prelude.sh: the machine's nlohmann-json for all
    rm -rf /tmp/deps/usr/include/nlohmann /tmp/deps/usr/share/cmake/nlohmann_json /tmp/deps/usr/share/pkgconfig/nlohmann_json.pc
  fi
  local start
  start=$(date +%s)
  { cmake --preset cuda -B "$BUILD" -DIB_WERROR=OFF -DIB_PYTHON="$(command -v python3)" &&
    cmake --build "$BUILD" -j"$(nproc)" -- -k 0; } > "$RESULTS/$part/build.log" 2>&1 \
    || { echo "== build failed:"; grep -E "error" "$RESULTS/$part/build.log" | sort -u | head -n 30; }
  echo "== build: $(( $(date +%s) - start )) s"
  grep -E "inferbench: " "$RESULTS/$part/build.log"
}
case $part in
  build)
    # The depth models export while the build runs (gpu-report-html-check.sh waits for them).
    for dtype in fp32 fp16; do
      [ -f "$MODELS/depth_$dtype.ts" ] || timeout 200 python3 scripts/export_model.py hf-depth-anything-v2-small \
        --shape 1x3x518x518 --dtype "$dtype" --format ts --out "$MODELS/depth_$dtype" \
        > "$RESULTS/build/export_depth_$dtype.log" 2>&1 &
    done
    build_all
    timeout 200 ctest --test-dir "$BUILD" -L gpu --output-on-failure > "$RESULTS/build/ctest_gpu.log" 2>&1
    echo "== ctest -L gpu: rc $?"; grep -E "tests passed|Failed|Skipped|\*\*\*" "$RESULTS/build/ctest_gpu.log" | head -n 30
    wait
    OUT="$RESULTS/build/html" WORK=/tmp/html-work timeout 240 scripts/gpu-report-html-check.sh
    ;;
  # A machine handed back while idle comes back bare: build again where the build is gone.
  sweep) [ -x "$BUILD/bin/inferbench" ] || build_all; OUT="$RESULTS/sweep" timeout 540 scripts/gpu-sweep-check.sh ;;
  pipeline) [ -x "$BUILD/bin/annotated_pipeline" ] || build_all; OUT="$RESULTS/pipeline" timeout 540 scripts/gpu-pipeline-check.sh ;;
  *) echo "unknown part: $part" >&2; exit 2 ;;
esac

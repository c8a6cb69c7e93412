# Sourced by the scripts/gpu-*-check.sh scripts on the GPU machine (../shared/device/README.md): where things go,
# which GPU this is, and the cuda preset built with warnings as errors. When that build fails its errors are
# printed and it is built again without -Werror, so that the measurements still run (the machine's compiler is
# newer than Debian's). Sets OUT (logs and results, default /tmp/ib-out), BUILD, MODELS and ib (the binary).
OUT=${OUT:-/tmp/ib-out}
BUILD=${BUILD:-/tmp/ib-build}
MODELS=${MODELS:-/tmp/ib-models}
mkdir -p "$OUT" "$MODELS"
nvidia-smi --query-gpu=name,driver_version,clocks.sm,clocks.max.sm,power.limit,temperature.gpu --format=csv \
  | tee "$OUT/gpu.txt"
if ! { cmake --preset cuda -B "$BUILD" -DIB_WERROR=ON && cmake --build "$BUILD" -j"$(nproc)" -- -k 0; } \
    > "$OUT/build.log" 2>&1; then
  echo "== WERROR BUILD FAILED:"; grep -E "error|warning:" "$OUT/build.log" | sort -u | head -n 30
  { cmake -B "$BUILD" -DIB_WERROR=OFF && cmake --build "$BUILD" -j"$(nproc)"; } > "$OUT/build2.log" 2>&1 \
    || { tail -n 60 "$OUT/build2.log"; exit 1; }
fi
ib="$BUILD/bin/inferbench"

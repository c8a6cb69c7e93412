# Sourced by the scripts/gpu-*-check.sh scripts on the GPU machine (../shared/device/README.md): where things go,
# which GPU this is, and the cuda preset built with warnings as errors. When that build fails its errors are
# printed and it is built again without -Werror, so that the measurements still run (the machine's compiler is
# newer than Debian's). Sets OUT (logs and results, default /tmp/ib-out), BUILD, MODELS and ib (the binary).
# IB_BUILD_TARGETS (space-separated, optional) builds only those targets instead of everything. IB_PREBUILT=1
# skips configuring and building: $BUILD already holds a build (scripts/gpu-wave2-check.sh builds once for all).
OUT=${OUT:-/tmp/ib-out}
BUILD=${BUILD:-/tmp/ib-build}
MODELS=${MODELS:-/tmp/ib-models}
mkdir -p "$OUT" "$MODELS"
# Ubuntu's nlohmann-json there (/usr/include) differs from Debian's carried in .devdeps (/tmp/deps/usr/include):
# a test that sees the carried copy through GTest's include dir while the library it links saw the machine's
# fails to link (the two versions mangle json's names differently). The machine's copy is the one for all.
if [ -f /usr/include/nlohmann/json.hpp ]; then
  rm -rf /tmp/deps/usr/include/nlohmann /tmp/deps/usr/share/cmake/nlohmann_json /tmp/deps/usr/share/pkgconfig/nlohmann_json.pc
fi
nvidia-smi --query-gpu=name,driver_version,clocks.sm,clocks.max.sm,power.limit,temperature.gpu --format=csv \
  | tee "$OUT/gpu.txt"
targets=()
for target in ${IB_BUILD_TARGETS:-}; do targets+=(--target "$target"); done
if [ -n "${IB_PREBUILT:-}" ]; then
  :
elif ! { cmake --preset cuda -B "$BUILD" -DIB_WERROR=ON && cmake --build "$BUILD" -j"$(nproc)" "${targets[@]}" -- -k 0; } \
    > "$OUT/build.log" 2>&1; then
  echo "== WERROR BUILD FAILED:"; grep -E "error|warning:" "$OUT/build.log" | sort -u | head -n 30
  { cmake -B "$BUILD" -DIB_WERROR=OFF && cmake --build "$BUILD" -j"$(nproc)" "${targets[@]}"; } > "$OUT/build2.log" 2>&1 \
    || { tail -n 60 "$OUT/build2.log"; exit 1; }
fi
ib="$BUILD/bin/inferbench"

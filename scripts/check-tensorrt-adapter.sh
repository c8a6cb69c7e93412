#!/usr/bin/env bash
# Compile-checks the TensorRT backend's real adapter (src/backends/tensorrt/real_adapter.cpp, the one file that
# includes NvInfer.h) and the plugin entry against a TensorRT include folder, without linking: what this
# proves is that every TensorRT type, enum value and call the adapter uses exists in those headers with the
# signature the adapter assumes, under the project's warning flags (-Werror). It proves nothing about run-time
# behaviour. The headers need not be installed: TensorRT's public repository's include/ will do, e.g.
#   git --git-dir=<NVIDIA/TensorRT clone> archive <commit> include | tar -x -C /tmp/trt-11.1
#   scripts/check-tensorrt-adapter.sh /tmp/trt-11.1/include
# Usage: scripts/check-tensorrt-adapter.sh INCLUDE_DIR   (CUDA headers from $CUDA_INCLUDE, default
# /usr/local/cuda/include; compiler $CXX, default g++). Exit 0 when every file compiles, 1 otherwise, 2 on bad usage.
set -euo pipefail
if [[ $# -ne 1 || ! -f "$1/NvInfer.h" ]]; then
  echo "usage: $0 INCLUDE_DIR (a folder holding TensorRT's NvInfer.h)" >&2
  exit 2
fi
include_dir=$(cd "$1" && pwd)
cuda_include=${CUDA_INCLUDE:-/usr/local/cuda/include}
cxx=${CXX:-g++}
root=$(cd "$(dirname "$0")/.." && pwd)
if [[ ! -f "$cuda_include/cuda_runtime_api.h" ]]; then
  echo "no cuda_runtime_api.h in $cuda_include (set CUDA_INCLUDE)" >&2
  exit 2
fi

version_of() {  # NV_TENSORRT_MAJOR is a number up to 10.0 and names TRT_MAJOR_ENTERPRISE from 10.x on
  local part=$1 value
  value=$(sed -n "s/^#define NV_TENSORRT_${part} \([0-9][0-9]*\).*/\1/p" "$include_dir/NvInferVersion.h")
  [[ -n "$value" ]] || value=$(sed -n "s/^#define TRT_${part}_ENTERPRISE \([0-9][0-9]*\).*/\1/p" "$include_dir/NvInferVersion.h")
  echo "${value:-?}"
}
echo "TensorRT headers: $include_dir (NvInferVersion.h: $(version_of MAJOR).$(version_of MINOR).$(version_of PATCH))"
echo "CUDA headers:     $cuda_include"
echo "compiler:         $($cxx --version | head -n 1)"
adapter="$root/src/backends/tensorrt/real_adapter.cpp"
echo "TensorRT names the adapter uses:"
grep -o 'nvinfer1::[A-Za-z_:]*' "$adapter" | sort -u | tr '\n' ' ' | fold -s -w 110 | sed 's/^/  /'
echo
grep -oE '(engine_|context_|runtime_|inspector)->[A-Za-z0-9_]+\(' "$adapter" | sed 's/.*->//; s/($//' | sort -u |
  tr '\n' ' ' | fold -s -w 110 | sed 's/^/  calls: /'
echo
grep -oE '\b(getInferLibVersion|createInferRuntime|cudaStreamSynchronize)\b' "$adapter" | sort -u | tr '\n' ' ' |
  sed 's/^/  free functions: /'
echo
status=0
for file in src/backends/tensorrt/real_adapter.cpp src/backends/tensorrt/plugin_entry.cpp; do
  # -c to /dev/null: parsed, checked and compiled, never linked (no libnvinfer needed). TensorRT's headers are
  # -isystem as in the build (an imported target's include folder), so their own warnings do not count.
  if "$cxx" -std=c++20 -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Werror -I"$root/src" -I"$root/include" \
      -isystem "$include_dir" -isystem "$cuda_include" -c "$root/$file" -o /dev/null; then
    echo "compiled: $file"
  else
    echo "FAILED:   $file"
    status=1
  fi
done
echo "not checked: linking against libnvinfer, and anything at run time (no TensorRT library or GPU is used)"
exit $status

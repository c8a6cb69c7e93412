# FindTensorRT: TensorRT's runtime library (libnvinfer) and its headers (NvInfer.h).
#
# Looks under TensorRT_ROOT first (the CMake variable, else the environment variable: the folder of an
# unpacked TensorRT tarball, with include/ and lib/), then the system's folders (Debian/Ubuntu packages put the
# headers in /usr/include/<multiarch> and the library in /usr/lib/<multiarch>).
#
# Sets TensorRT_FOUND, TensorRT_VERSION (from NvInferVersion.h), TensorRT_INCLUDE_DIR, TensorRT_LIBRARY and the
# imported target TensorRT::nvinfer. TensorRT_NOT_FOUND_REASON says what was missing, for a message.
set(_ib_trt_hints)
foreach(_root IN ITEMS "${TensorRT_ROOT}" "$ENV{TensorRT_ROOT}")
  if(_root)
    list(APPEND _ib_trt_hints "${_root}")
  endif()
endforeach()

find_path(TensorRT_INCLUDE_DIR NvInfer.h HINTS ${_ib_trt_hints} PATH_SUFFIXES include include/x86_64-linux-gnu
                                                                               include/aarch64-linux-gnu)
find_library(TensorRT_LIBRARY nvinfer HINTS ${_ib_trt_hints} PATH_SUFFIXES lib lib64 lib/x86_64-linux-gnu
                                                                          lib/aarch64-linux-gnu)

# NvInferVersion.h: NV_TENSORRT_MAJOR is a number up to 10.0, and names TRT_MAJOR_ENTERPRISE from 10.x on.
if(TensorRT_INCLUDE_DIR AND EXISTS "${TensorRT_INCLUDE_DIR}/NvInferVersion.h")
  file(READ "${TensorRT_INCLUDE_DIR}/NvInferVersion.h" _ib_trt_version_header)
  set(_ib_trt_parts)
  foreach(_part IN ITEMS MAJOR MINOR PATCH)
    set(_value "")
    if(_ib_trt_version_header MATCHES "#define[ \t]+NV_TENSORRT_${_part}[ \t]+([0-9]+)")
      set(_value "${CMAKE_MATCH_1}")
    elseif(_ib_trt_version_header MATCHES "#define[ \t]+TRT_${_part}_ENTERPRISE[ \t]+([0-9]+)")
      set(_value "${CMAKE_MATCH_1}")
    endif()
    list(APPEND _ib_trt_parts "${_value}")
  endforeach()
  list(JOIN _ib_trt_parts "." TensorRT_VERSION)
endif()

if(NOT TensorRT_INCLUDE_DIR)
  set(TensorRT_NOT_FOUND_REASON "no NvInfer.h")
elseif(NOT TensorRT_LIBRARY)
  set(TensorRT_NOT_FOUND_REASON "NvInfer.h in ${TensorRT_INCLUDE_DIR} but no libnvinfer")
else()
  set(TensorRT_NOT_FOUND_REASON "")
endif()
if(TensorRT_NOT_FOUND_REASON AND _ib_trt_hints)
  string(APPEND TensorRT_NOT_FOUND_REASON " (looked in TensorRT_ROOT=${_ib_trt_hints} and the system folders)")
elseif(TensorRT_NOT_FOUND_REASON)
  string(APPEND TensorRT_NOT_FOUND_REASON " (TensorRT_ROOT is not set, looked in the system folders)")
endif()

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(TensorRT REQUIRED_VARS TensorRT_LIBRARY TensorRT_INCLUDE_DIR
                                  VERSION_VAR TensorRT_VERSION)

if(TensorRT_FOUND AND NOT TARGET TensorRT::nvinfer)
  add_library(TensorRT::nvinfer UNKNOWN IMPORTED)
  set_target_properties(TensorRT::nvinfer PROPERTIES IMPORTED_LOCATION "${TensorRT_LIBRARY}"
                                                     INTERFACE_INCLUDE_DIRECTORIES "${TensorRT_INCLUDE_DIR}")
endif()
mark_as_advanced(TensorRT_INCLUDE_DIR TensorRT_LIBRARY)

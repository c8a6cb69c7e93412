# ctest TensorrtConfigure: cmake -DIB_SOURCE_DIR=<repo> -DWORK=<scratch folder> -DGENERATOR=<generator>
#                               -DMAKE_PROGRAM=<its build tool> -P tensorrt_configure_test.cmake
# (the build tool is passed because the system folders, where it would be found, are out of the search).
# Configures tests/cmake/tensorrt_option in each INFERBENCH_TENSORRT mode, without TensorRT (the system's
# folders are kept out of the search, so a machine with TensorRT installed tests the same) and with a stand-in
# TensorRT tree (headers with a version, an empty libnvinfer.so), and checks the outcome and the messages.
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")

function(fake_tensorrt root major minor patch)
  file(WRITE "${root}/include/NvInfer.h" "// stand-in\n")
  file(WRITE "${root}/include/NvInferVersion.h"
       "#define TRT_MAJOR_ENTERPRISE ${major}\n#define TRT_MINOR_ENTERPRISE ${minor}\n"
       "#define TRT_PATCH_ENTERPRISE ${patch}\n#define NV_TENSORRT_MAJOR TRT_MAJOR_ENTERPRISE\n")
  file(WRITE "${root}/lib/libnvinfer.so" "")
endfunction()

include(${CMAKE_CURRENT_LIST_DIR}/configure_check.cmake)

# configure(<name> <expect success> <expected text> <cmake -D args...>), with the system's folders out of the search.
function(configure name expect_success expected)
  ib_configure_check("${IB_SOURCE_DIR}/tests/cmake/tensorrt_option" ${name} ${expect_success} "${expected}"
                     ARGS -DCMAKE_FIND_USE_CMAKE_SYSTEM_PATH=OFF -DCMAKE_FIND_USE_SYSTEM_ENVIRONMENT_PATH=OFF ${ARGN})
endfunction()

set(ENV{TensorRT_ROOT} "")
configure(auto_absent TRUE "outcome: IB_TENSORRT=0 version= reason=the tensorrt backend is unavailable: TensorRT was not found when this build was configured: no NvInfer.h (TensorRT_ROOT is not set, looked in the system folders) (configure with -DTensorRT_ROOT=" -DIB_CUDA_ENABLED=ON)
configure(on_absent FALSE "INFERBENCH_TENSORRT=ON, but TensorRT was not found when this build was configured: no NvInfer.h (looked in TensorRT_ROOT=${WORK}/nowhere and the system folders)" -DIB_CUDA_ENABLED=ON -DINFERBENCH_TENSORRT=ON -DTensorRT_ROOT=${WORK}/nowhere)
configure(off TRUE "outcome: IB_TENSORRT=0 version= reason=the tensorrt backend is unavailable: this build was configured with -DINFERBENCH_TENSORRT=OFF" -DIB_CUDA_ENABLED=ON -DINFERBENCH_TENSORRT=OFF)
configure(bad_value FALSE "INFERBENCH_TENSORRT must be AUTO, ON or OFF, not 'maybe'" -DINFERBENCH_TENSORRT=maybe)

fake_tensorrt("${WORK}/trt11" 11 1 0)
configure(auto_found TRUE "outcome: IB_TENSORRT=1 version=11.1.0 reason=" -DIB_CUDA_ENABLED=ON -DTensorRT_ROOT=${WORK}/trt11)
configure(on_found TRUE "outcome: IB_TENSORRT=1 version=11.1.0" -DIB_CUDA_ENABLED=ON -DINFERBENCH_TENSORRT=ON -DTensorRT_ROOT=${WORK}/trt11)
configure(found_without_cuda TRUE "outcome: IB_TENSORRT=0 version=11.1.0 reason=the tensorrt backend is unavailable: this build has no CUDA" -DIB_CUDA_ENABLED=OFF -DTensorRT_ROOT=${WORK}/trt11)
set(ENV{TensorRT_ROOT} "${WORK}/trt11")
configure(root_from_environment TRUE "outcome: IB_TENSORRT=1 version=11.1.0" -DIB_CUDA_ENABLED=ON)
set(ENV{TensorRT_ROOT} "")
fake_tensorrt("${WORK}/trt85" 8 5 3)
configure(too_old TRUE "reason=the tensorrt backend is unavailable: the TensorRT found (8.5.3 in ${WORK}/trt85/include) is older than 8.6" -DIB_CUDA_ENABLED=ON -DTensorRT_ROOT=${WORK}/trt85)
file(WRITE "${WORK}/headers_only/include/NvInfer.h" "")
configure(no_library FALSE "NvInfer.h in ${WORK}/headers_only/include but no libnvinfer" -DIB_CUDA_ENABLED=ON -DINFERBENCH_TENSORRT=ON -DTensorRT_ROOT=${WORK}/headers_only)

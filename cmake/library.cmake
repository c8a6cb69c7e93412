# inferbench::inferbench: the library behind the binary, for bench/, the tests and users' own programs. It is the
# folder libraries together (their public headers are include/inferbench/); `cmake --install` puts them, the
# headers and a package config under the prefix, so `find_package(inferbench)` finds the same target there
# (tests/install/ proves it). Backends that are plugins (LibTorch, synthetic) are found beside the binary
# (lib/inferbench); a program elsewhere gets the built-in fake backend and its own via the registry.
set(IB_LIBRARY_TARGETS ib_core ib_stats ib_result ib_io ib_quality ib_backends ib_cuda ib_telemetry ib_runner ib_runner_cuda
                       ib_plan ib_engine ib_report ib_tensorrt_logic ib_annotate)
add_library(ib_library INTERFACE)
target_link_libraries(ib_library INTERFACE ${IB_LIBRARY_TARGETS})
set_target_properties(ib_library PROPERTIES EXPORT_NAME inferbench)
add_library(inferbench::inferbench ALIAS ib_library)

include(GNUInstallDirs)
include(CMakePackageConfigHelpers)
install(TARGETS ib_library ${IB_LIBRARY_TARGETS} ib_warnings EXPORT inferbenchTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}/inferbench/static)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/inferbench DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
set(IB_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/inferbench)
install(EXPORT inferbenchTargets NAMESPACE inferbench:: DESTINATION ${IB_CMAKE_DIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/inferbenchConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/inferbenchConfig.cmake INSTALL_DESTINATION ${IB_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/inferbenchConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/inferbenchConfig.cmake ${PROJECT_BINARY_DIR}/inferbenchConfigVersion.cmake
        DESTINATION ${IB_CMAKE_DIR})

# ctest MetricsHttpConfigure: cmake -DIB_SOURCE_DIR=<repo> -DWORK=<scratch folder> -DGENERATOR=<generator>
#                                   -DMAKE_PROGRAM=<its build tool> -P metrics_http_configure_test.cmake
# Configures tests/cmake/metrics_http_option in each IB_METRICS_HTTP mode, with cpp-httplib visible to pkg-config
# (the project's dependencies install it) and hidden from it (PKG_CONFIG_LIBDIR pointed at an empty folder), and
# checks the outcome and the messages.
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}/no-pkgconfig-files")

include(${CMAKE_CURRENT_LIST_DIR}/configure_check.cmake)

# configure(<name> <expect success> <expected text> <pkg-config libdir or ""> <cmake -D args...>): a libdir hides
# the system's pkg-config files.
function(configure name expect_success expected libdir)
  set(env "")
  if(libdir)
    set(env ENV PKG_CONFIG_LIBDIR=${libdir} PKG_CONFIG_PATH=)
  endif()
  ib_configure_check("${IB_SOURCE_DIR}/tests/cmake/metrics_http_option" ${name} ${expect_success} "${expected}"
                     ${env} ARGS ${ARGN})
endfunction()

set(hidden "${WORK}/no-pkgconfig-files")
configure(auto_found TRUE "outcome: IB_METRICS_HTTP_01=true reason=" "")
configure(on_found TRUE "outcome: IB_METRICS_HTTP_01=true reason=" "" -DIB_METRICS_HTTP=ON)
configure(auto_absent TRUE "outcome: IB_METRICS_HTTP_01=false reason=cpp-httplib was not found when this build was configured (Debian: libcpp-httplib-dev)" "${hidden}")
configure(on_absent FALSE "IB_METRICS_HTTP=ON, but cpp-httplib was not found through pkg-config (Debian: libcpp-httplib-dev)" "${hidden}" -DIB_METRICS_HTTP=ON)
configure(off TRUE "outcome: IB_METRICS_HTTP_01=false reason=this build was configured with -DIB_METRICS_HTTP=OFF" "" -DIB_METRICS_HTTP=OFF)
configure(bad_value FALSE "IB_METRICS_HTTP must be AUTO, ON or OFF, not 'maybe'" "" -DIB_METRICS_HTTP=maybe)

# IB_METRICS_HTTP (AUTO, ON or OFF): whether --metrics-port's HTTP endpoint is built. It needs cpp-httplib
# (Debian's libcpp-httplib-dev, a shared library whose pkg-config file also gives the macros its header must
# see). A build without it still writes --metrics-textfile; `info` and --metrics-port say why the endpoint is
# missing. ib_resolve_metrics_http() sets, in the caller's scope:
#   IB_METRICS_HTTP_01   true or false (for build_info.hpp)
#   IB_METRICS_HTTP_WHY  why not, one sentence ("" when built)
# and, when found, the PkgConfig::IB_HTTPLIB target (IB_HTTPLIB_FOUND).
set(IB_METRICS_HTTP AUTO CACHE STRING
    "--metrics-port's HTTP endpoint (cpp-httplib): ON, OFF or AUTO (on when cpp-httplib is found)")
set_property(CACHE IB_METRICS_HTTP PROPERTY STRINGS AUTO ON OFF)

function(ib_resolve_metrics_http)
  if(NOT IB_METRICS_HTTP MATCHES "^(AUTO|ON|OFF)$")
    message(FATAL_ERROR "IB_METRICS_HTTP must be AUTO, ON or OFF, not '${IB_METRICS_HTTP}'")
  endif()
  set(found FALSE)
  if(NOT IB_METRICS_HTTP STREQUAL "OFF")
    find_package(PkgConfig QUIET)
    if(PKG_CONFIG_FOUND)
      pkg_check_modules(IB_HTTPLIB QUIET IMPORTED_TARGET GLOBAL cpp-httplib)
      set(found ${IB_HTTPLIB_FOUND})
    endif()
    if(NOT found AND IB_METRICS_HTTP STREQUAL "ON")
      message(FATAL_ERROR "IB_METRICS_HTTP=ON, but cpp-httplib was not found through pkg-config "
                          "(Debian: libcpp-httplib-dev)")
    endif()
  endif()
  if(found)
    set(why "")
  elseif(IB_METRICS_HTTP STREQUAL "OFF")
    set(why "this build was configured with -DIB_METRICS_HTTP=OFF")
  else()
    set(why "cpp-httplib was not found when this build was configured (Debian: libcpp-httplib-dev)")
  endif()
  if(found)
    set(IB_METRICS_HTTP_01 true PARENT_SCOPE)
  else()
    set(IB_METRICS_HTTP_01 false PARENT_SCOPE)
  endif()
  set(IB_HTTPLIB_FOUND ${found} PARENT_SCOPE)
  set(IB_METRICS_HTTP_WHY "${why}" PARENT_SCOPE)
endfunction()

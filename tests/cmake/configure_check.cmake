# Shared by the *_configure_test.cmake scripts: configures a small project that resolves one build option the
# way the real build does, and checks that it succeeded or failed as expected and printed the expected text.
#   ib_configure_check(<project dir> <name> <expect success> <expected text> [ENV <VAR=value>...] [ARGS <arg>...])
# ENV runs cmake under `cmake -E env`; ARGS go to the configure. WORK, GENERATOR, MAKE_PROGRAM and IB_SOURCE_DIR
# are the calling script's -D arguments; each check configures into WORK/<name>.
function(ib_configure_check source name expect_success expected)
  cmake_parse_arguments(PARSE_ARGV 4 check "" "" "ENV;ARGS")
  set(command ${CMAKE_COMMAND})
  if(check_ENV)
    set(command ${CMAKE_COMMAND} -E env ${check_ENV} ${CMAKE_COMMAND})
  endif()
  execute_process(COMMAND ${command} -S "${source}" -B "${WORK}/${name}" -G "${GENERATOR}"
                          -DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM} -DIB_SOURCE_DIR=${IB_SOURCE_DIR} ${check_ARGS}
                  RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  set(all "${out}${err}")
  string(REGEX REPLACE "[ \t\r\n]+" " " flat "${all}")
  if(expect_success AND NOT code EQUAL 0)
    message(FATAL_ERROR "${name}: configure failed (${code}):\n${all}")
  elseif(NOT expect_success AND code EQUAL 0)
    message(FATAL_ERROR "${name}: configure succeeded but should have failed:\n${all}")
  endif()
  string(FIND "${flat}" "${expected}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "${name}: expected '${expected}' in:\n${all}")
  endif()
  message(STATUS "${name}: ok (${expected})")
endfunction()

# redis_testkit_discover_tests(<target> [LABELS l...] [gtest_discover_tests options...])
#
# Wraps gtest_discover_tests with what ctest needs for suites that use the kit:
# - every discovered test case requires the CTest fixture `redis_testkit_pool`: one setup test starts
#   REDIS_TESTKIT_POOL_SLOTS capped Redis servers (`redis-testkit pool up`) before the first test,
#   one cleanup test stops them after the last (`pool down`), and one merges the per-process leak
#   reports into leak-report.json / leak-report.md (`merge-reports`);
# - each test process leases one server of the pool exclusively (a flock, released when the process
#   ends), so `ctest -j N` never lets one test flush another's data, and per-test memory figures are
#   the test's own;
# - REDIS_TESTKIT_POOL_DIR and REDIS_TESTKIT_DEFAULT_REPORT_DIR are set for every test case: the
#   reports go to <REDIS_TESTKIT_CTEST_DIR>/reports and are merged into <REDIS_TESTKIT_CTEST_DIR>,
#   unless REDIS_TESTKIT_REPORT_DIR is set when ctest runs: then that directory gets both (the
#   reset removes only the kit's own report files from it, never the directory);
# - test names are GoogleTest's own (NO_PRETTY_VALUES), so reports and JUnit match.
# Running the test binary by hand (no pool) makes it start a private Redis instead.
include_guard(GLOBAL)
include(GoogleTest)

set(REDIS_TESTKIT_POOL_SLOTS 4 CACHE STRING "Redis servers in the ctest pool (one per parallel test)")
set(REDIS_TESTKIT_POOL_RUNTIME "" CACHE STRING
    "Runtime of the ctest pool's servers (podman, docker, process); empty: REDIS_TESTKIT_RUNTIME when ctest runs, else auto")
set(REDIS_TESTKIT_CTEST_DIR "${CMAKE_BINARY_DIR}/redis-testkit" CACHE PATH
    "Where the ctest pool state and (unless REDIS_TESTKIT_REPORT_DIR is set) the leak reports go")

function(_redis_testkit_add_pool_fixture)
  get_property(_done GLOBAL PROPERTY _REDIS_TESTKIT_POOL_FIXTURE)
  if(_done)
    return()
  endif()
  set_property(GLOBAL PROPERTY _REDIS_TESTKIT_POOL_FIXTURE TRUE)
  set(_cli "$<TARGET_FILE:redis_testkit::cli>")
  set(_pool "${REDIS_TESTKIT_CTEST_DIR}/pool")
  set(_reports "${REDIS_TESTKIT_CTEST_DIR}/reports")
  # The report directory is resolved when ctest runs, by the CLI (config/): the user's
  # REDIS_TESTKIT_REPORT_DIR, else REDIS_TESTKIT_DEFAULT_REPORT_DIR.
  add_test(NAME redis_testkit.reports.reset
           COMMAND ${_cli} clean-reports --default-out ${REDIS_TESTKIT_CTEST_DIR})
  add_test(NAME redis_testkit.pool.up
           COMMAND ${_cli} pool up --dir ${_pool} --slots ${REDIS_TESTKIT_POOL_SLOTS})
  add_test(NAME redis_testkit.pool.down COMMAND ${_cli} pool down --dir ${_pool})
  add_test(NAME redis_testkit.reports.merge
           COMMAND ${_cli} merge-reports --default-out ${REDIS_TESTKIT_CTEST_DIR})
  set_tests_properties(redis_testkit.reports.reset redis_testkit.reports.merge
                       PROPERTIES ENVIRONMENT "REDIS_TESTKIT_DEFAULT_REPORT_DIR=${_reports}")
  set_tests_properties(redis_testkit.reports.reset redis_testkit.pool.up
                       PROPERTIES FIXTURES_SETUP redis_testkit_pool LABELS "redis_testkit")
  set_tests_properties(redis_testkit.pool.down redis_testkit.reports.merge
                       PROPERTIES FIXTURES_CLEANUP redis_testkit_pool LABELS "redis_testkit")
  if(REDIS_TESTKIT_POOL_RUNTIME)  # pinned at configure time: wins over the environment of ctest
    set_tests_properties(redis_testkit.pool.up PROPERTIES
                         ENVIRONMENT "REDIS_TESTKIT_RUNTIME=${REDIS_TESTKIT_POOL_RUNTIME}")
  endif()
  # Merge only after the reset; pool up after the reset so that its own report lands afresh.
  set_tests_properties(redis_testkit.pool.up PROPERTIES DEPENDS redis_testkit.reports.reset)
  set_tests_properties(redis_testkit.reports.merge PROPERTIES DEPENDS redis_testkit.pool.down)
endfunction()

function(redis_testkit_discover_tests target)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "" "LABELS")
  _redis_testkit_add_pool_fixture()
  set(_list "${target}_redis_testkit_tests")
  # NO_PRETTY_VALUES: ctest names are GoogleTest's own ("Suite.Test/0", not "Suite.Test/25"), so
  # the per-test reports (which know GoogleTest's names) match ctest's JUnit test cases.
  gtest_discover_tests(${target} TEST_LIST ${_list} NO_PRETTY_VALUES ${ARG_UNPARSED_ARGUMENTS})
  # gtest_discover_tests (CMake 3.25) splits list-valued PROPERTIES; set them from an include file
  # that runs after the discovered tests are defined.
  set(_labels "${ARG_LABELS}")
  # The fallback, never REDIS_TESTKIT_REPORT_DIR itself: a user's value of that one wins.
  set(_env "REDIS_TESTKIT_POOL_DIR=${REDIS_TESTKIT_CTEST_DIR}/pool"
           "REDIS_TESTKIT_DEFAULT_REPORT_DIR=${REDIS_TESTKIT_CTEST_DIR}/reports")
  set(_file "${CMAKE_CURRENT_BINARY_DIR}/${target}_redis_testkit_props.cmake")
  file(WRITE "${_file}"
       "if(${_list})\n"
       "  set_tests_properties(\${${_list}} PROPERTIES\n"
       "    FIXTURES_REQUIRED redis_testkit_pool\n"
       "    ENVIRONMENT \"${_env}\"\n"
       "    LABELS \"${_labels}\")\n"
       "endif()\n")
  set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES "${_file}")
endfunction()

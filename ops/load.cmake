# load: sources, tests and benchmarks of this area of redis_testkit::ops.
# Open-loop load with honest latency: a log-bucketed histogram, the command template, one
# non-blocking connection per hiredis socket, the ppoll loop, the INFO/LATENCY sampler, reports.
target_sources(redis_testkit_ops PRIVATE
  src/latency_histogram.cc src/load_template.cc src/load_connection.cc src/load_run.cc
  src/load_sampler.cc src/load.cc src/load_report.cc)
target_link_libraries(redis_testkit_ops PRIVATE PkgConfig::hiredis)

if(REDIS_TESTKIT_BUILD_TESTS)
  # Pure logic: the histogram's precision, the template's placeholders, option checks.
  add_executable(redis_testkit_ops_load_unit_tests
    tests/load_histogram_test.cc tests/load_template_test.cc)
  target_link_libraries(redis_testkit_ops_load_unit_tests PRIVATE
    redis_testkit::ops GTest::gtest_main)
  target_include_directories(redis_testkit_ops_load_unit_tests PRIVATE
    ${CMAKE_CURRENT_SOURCE_DIR}/src)
  redis_testkit_warnings(redis_testkit_ops_load_unit_tests)
  gtest_discover_tests(redis_testkit_ops_load_unit_tests PROPERTIES LABELS "unit" TIMEOUT 60)

  # Real servers: rate, placeholders on the server, a CLIENT PAUSE stall, errors by kind.
  add_executable(redis_testkit_ops_load_tests tests/load_server_test.cc)
  target_link_libraries(redis_testkit_ops_load_tests PRIVATE
    redis_testkit::ops redis_testkit_test_server nlohmann_json::nlohmann_json GTest::gtest_main)
  redis_testkit_warnings(redis_testkit_ops_load_tests)
  gtest_discover_tests(redis_testkit_ops_load_tests PROPERTIES LABELS "integration" TIMEOUT 180)
endif()

if(REDIS_TESTKIT_BUILD_TESTS)
  # The CLI as a subprocess: JSON fields, exit codes, errors naming the problem, masking.
  add_executable(redis_testkit_ops_load_cli_tests tests/load_cli_test.cc)
  target_link_libraries(redis_testkit_ops_load_cli_tests PRIVATE
    redis_testkit_test_server redis_testkit_containers_internal redis_testkit::containers
    nlohmann_json::nlohmann_json GTest::gtest_main)
  target_compile_definitions(redis_testkit_ops_load_cli_tests PRIVATE
    CLI_BINARY="$<TARGET_FILE:redis-testkit>")
  add_dependencies(redis_testkit_ops_load_cli_tests redis-testkit)
  redis_testkit_warnings(redis_testkit_ops_load_cli_tests)
  gtest_discover_tests(redis_testkit_ops_load_cli_tests PROPERTIES LABELS "integration" TIMEOUT 120)
endif()

# pressure: sources, tests and benchmarks of this area of redis_testkit::ops.
# Filling a capped server to a memory level (fill.h). The fill's key prefix and the INFO figures
# (StatsSnapshot) are the cleanup layer's, so the leak check and the fill share one definition.
target_sources(redis_testkit_ops PRIVATE src/fill.cc src/fill_writer.cc src/fill_report.cc)
target_link_libraries(redis_testkit_ops PRIVATE redis_testkit::cleanup)

if(REDIS_TESTKIT_BUILD_TESTS)
  # Pure logic: --to and --layout parsing, the result's JSON.
  add_executable(redis_testkit_ops_fill_unit_tests tests/fill_unit_test.cc)
  target_link_libraries(redis_testkit_ops_fill_unit_tests PRIVATE
    redis_testkit::ops redis_testkit::cleanup nlohmann_json::nlohmann_json GTest::gtest_main)
  redis_testkit_warnings(redis_testkit_ops_fill_unit_tests)
  gtest_discover_tests(redis_testkit_ops_fill_unit_tests PROPERTIES LABELS "unit" TIMEOUT 60)

  # Real servers (the kit's process runtime): each layout to 90% of 32 MB, errors, evictions.
  add_executable(redis_testkit_ops_fill_tests tests/fill_server_test.cc)
  target_link_libraries(redis_testkit_ops_fill_tests PRIVATE
    redis_testkit::ops redis_testkit_test_server GTest::gtest_main)
  redis_testkit_warnings(redis_testkit_ops_fill_tests)
  gtest_discover_tests(redis_testkit_ops_fill_tests PROPERTIES LABELS "integration" TIMEOUT 120)
endif()

if(REDIS_TESTKIT_BUILD_TESTS)
  include(RedisTestkitTesting)
  # FillTo and Stats() in a suite written with the kit, under the ctest pool.
  add_executable(redis_testkit_ops_fill_kit_tests tests/fill_kit_test.cc)
  target_link_libraries(redis_testkit_ops_fill_kit_tests PRIVATE redis_testkit::gtest_main)
  redis_testkit_warnings(redis_testkit_ops_fill_kit_tests)
  redis_testkit_discover_tests(redis_testkit_ops_fill_kit_tests LABELS integration)

  # Fills and leaks an ordinary key on purpose: not registered, run by the self-tests below.
  add_executable(redis_testkit_ops_fill_leaky_suite tests/fill_leaky_test.cc)
  target_link_libraries(redis_testkit_ops_fill_leaky_suite PRIVATE redis_testkit::gtest_main)
  redis_testkit_warnings(redis_testkit_ops_fill_leaky_suite)

  add_executable(redis_testkit_ops_fill_selftests tests/fill_selftest_test.cc)
  target_link_libraries(redis_testkit_ops_fill_selftests PRIVATE
    redis_testkit_test_server redis_testkit_containers_internal redis_testkit::containers
    nlohmann_json::nlohmann_json GTest::gtest_main)
  target_compile_definitions(redis_testkit_ops_fill_selftests PRIVATE
    FILL_KIT_BINARY="$<TARGET_FILE:redis_testkit_ops_fill_kit_tests>"
    FILL_LEAKY_BINARY="$<TARGET_FILE:redis_testkit_ops_fill_leaky_suite>"
    CLI_BINARY="$<TARGET_FILE:redis-testkit>")
  add_dependencies(redis_testkit_ops_fill_selftests redis_testkit_ops_fill_kit_tests
    redis_testkit_ops_fill_leaky_suite redis-testkit)
  redis_testkit_warnings(redis_testkit_ops_fill_selftests)
  gtest_discover_tests(redis_testkit_ops_fill_selftests PROPERTIES LABELS "integration" TIMEOUT 180)
endif()

# audit: sources, tests and benchmarks of this area of redis_testkit::ops.
# A profile (JSON checks on CONFIG GET, INFO and ratios), built-in profiles, the audit of a
# server against one, and the settings a profile starts a test server with.
target_sources(redis_testkit_ops PRIVATE
  src/profile.cc src/profile_builtin.cc src/profile_settings.cc src/check_value.cc src/audit.cc
  src/audit_report.cc)

if(REDIS_TESTKIT_BUILD_TESTS)
  # Pure logic: parsing, operators, built-in profiles, startup settings.
  add_executable(redis_testkit_ops_profile_tests tests/profile_test.cc)
  target_link_libraries(redis_testkit_ops_profile_tests PRIVATE redis_testkit::ops GTest::gtest_main)
  redis_testkit_warnings(redis_testkit_ops_profile_tests)
  gtest_discover_tests(redis_testkit_ops_profile_tests PROPERTIES LABELS "unit" TIMEOUT 60)
endif()

if(REDIS_TESTKIT_BUILD_TESTS)
  # Real servers (the kit's process runtime): built-in profiles pass and fail, startup settings.
  add_executable(redis_testkit_ops_audit_tests tests/audit_server_test.cc)
  target_link_libraries(redis_testkit_ops_audit_tests PRIVATE
    redis_testkit::ops redis_testkit_test_server GTest::gtest_main)
  redis_testkit_warnings(redis_testkit_ops_audit_tests)
  gtest_discover_tests(redis_testkit_ops_audit_tests PROPERTIES LABELS "integration" TIMEOUT 120)
endif()

if(REDIS_TESTKIT_BUILD_TESTS)
  # A suite written with the kit that audits its own server; failing is sometimes its expected
  # outcome, so it is not registered: the self-tests below run it (and the CLI) as subprocesses.
  add_executable(redis_testkit_ops_audit_kit_suite tests/audit_kit_test.cc)
  target_link_libraries(redis_testkit_ops_audit_kit_suite PRIVATE redis_testkit::gtest_main)
  redis_testkit_warnings(redis_testkit_ops_audit_kit_suite)

  add_executable(redis_testkit_ops_audit_selftests tests/audit_selftest_test.cc)
  target_link_libraries(redis_testkit_ops_audit_selftests PRIVATE
    redis_testkit_test_server redis_testkit_containers_internal redis_testkit::containers
    nlohmann_json::nlohmann_json GTest::gtest_main)
  target_compile_definitions(redis_testkit_ops_audit_selftests PRIVATE
    AUDIT_KIT_BINARY="$<TARGET_FILE:redis_testkit_ops_audit_kit_suite>"
    CLI_BINARY="$<TARGET_FILE:redis-testkit>")
  add_dependencies(redis_testkit_ops_audit_selftests redis_testkit_ops_audit_kit_suite
    redis-testkit)
  redis_testkit_warnings(redis_testkit_ops_audit_selftests)
  gtest_discover_tests(redis_testkit_ops_audit_selftests
    PROPERTIES LABELS "integration" TIMEOUT 180)
endif()

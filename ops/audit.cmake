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

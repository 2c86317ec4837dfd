# recovery: sources, tests and benchmarks of this area of redis_testkit::ops.
# Crash-recovery trials: numbered XADDs, a kill during the writes, a restart on the same data,
# acknowledged vs recovered entries and the recovery time (server control: containers::RedisServer).
target_sources(redis_testkit_ops PRIVATE src/crash_recovery.cc)

if(REDIS_TESTKIT_BUILD_TESTS)
  # Real servers (the kit's process runtime): no loss with an AOF, loss without, bad options.
  add_executable(redis_testkit_ops_recovery_tests tests/crash_recovery_test.cc)
  target_link_libraries(redis_testkit_ops_recovery_tests PRIVATE redis_testkit::ops
    GTest::gtest_main)
  redis_testkit_warnings(redis_testkit_ops_recovery_tests)
  gtest_discover_tests(redis_testkit_ops_recovery_tests PROPERTIES LABELS "integration"
    TIMEOUT 180)
endif()

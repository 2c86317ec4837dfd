# fast_forward: sources and tests of this area of redis_testkit::ops.
# TTLs shortened on a real server (a Lua script per SCAN batch), for tests of expiry windows.
target_sources(redis_testkit_ops PRIVATE src/fast_forward.cc)

if(REDIS_TESTKIT_BUILD_TESTS)
  # Real servers (a private redis-server per test process): TTLs shortened, keys expired, bad input.
  add_executable(redis_testkit_ops_fast_forward_tests tests/fast_forward_test.cc)
  target_link_libraries(redis_testkit_ops_fast_forward_tests PRIVATE redis_testkit::ops
    redis_testkit_test_server GTest::gtest_main)
  redis_testkit_warnings(redis_testkit_ops_fast_forward_tests)
  gtest_discover_tests(redis_testkit_ops_fast_forward_tests PROPERTIES LABELS "integration"
    TIMEOUT 120)
endif()

# fault_proxy: sources, tests and benchmarks of this area of redis_testkit::ops.
# FaultProxy: an in-process loopback TCP proxy with switchable faults (latency, bandwidth cap,
# blackhole, dropped replies, reset), one poll() thread per proxy, no extra dependency.
target_sources(redis_testkit_ops PRIVATE
  src/fault_proxy.cc src/fault_proxy_control.cc src/fault_proxy_loop.cc src/fault_proxy_session.cc
  src/fault_proxy_flow.cc src/fault_proxy_socket.cc)

if(REDIS_TESTKIT_BUILD_TESTS)
  # Real redis-server (the kit's process runtime) behind the proxy: every fault, the counters,
  # concurrency, bad input, and a destructor with open connections.
  add_executable(redis_testkit_ops_fault_proxy_tests
    tests/fault_proxy_test.cc tests/fault_proxy_faults_test.cc)
  target_link_libraries(redis_testkit_ops_fault_proxy_tests PRIVATE
    redis_testkit::ops redis_testkit_test_server GTest::gtest_main)
  redis_testkit_warnings(redis_testkit_ops_fault_proxy_tests)
  gtest_discover_tests(redis_testkit_ops_fault_proxy_tests
    PROPERTIES LABELS "integration" TIMEOUT 120)
endif()

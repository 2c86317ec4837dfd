# install(EXPORT) of the kit, so that a downstream project can
#   find_package(RedisTestkit CONFIG REQUIRED)
#   target_link_libraries(my_tests PRIVATE redis_testkit::gtest_main)
#   redis_testkit_discover_tests(my_tests)
include(CMakePackageConfigHelpers)

set(_redis_testkit_config_dir ${CMAKE_INSTALL_LIBDIR}/cmake/RedisTestkit)
install(TARGETS redis_testkit_units redis_testkit_config redis_testkit_client redis_testkit_containers
                redis_testkit_cleanup redis_testkit_ops redis_testkit_gtest redis_testkit_gtest_main redis-testkit
        EXPORT RedisTestkitTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
foreach(_layer units config client containers cleanup ops fixtures)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/${_layer}/include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
endforeach()
install(EXPORT RedisTestkitTargets NAMESPACE redis_testkit:: DESTINATION ${_redis_testkit_config_dir})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/RedisTestkitConfig.cmake.in
  ${PROJECT_BINARY_DIR}/RedisTestkitConfig.cmake INSTALL_DESTINATION ${_redis_testkit_config_dir})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/RedisTestkitConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/RedisTestkitConfig.cmake
              ${PROJECT_BINARY_DIR}/RedisTestkitConfigVersion.cmake
              ${PROJECT_SOURCE_DIR}/cmake/RedisTestkitTesting.cmake
              ${PROJECT_SOURCE_DIR}/cmake/RedisTestkitFindHiredis.cmake
        DESTINATION ${_redis_testkit_config_dir})
include(Package)

# `cpack -G DEB` (from a build directory): the redis-testkit Debian package, built from what
# `cmake --install` installs (libraries, headers, the CMake package, the redis-testkit CLI) plus
# start-redis.sh / stop-redis.sh as commands. Its dependencies are Debian's packages: what the
# CMake package finds (hiredis, spdlog, nlohmann-json, GoogleTest), what the CLI links
# (dpkg-shlibdeps), and a server for the runtimes (redis-server for `process`; podman or docker.io
# run it in a container). scripts/check-install.sh installs it with apt-get and builds the
# downstream consumer against it.
install(PROGRAMS ${PROJECT_SOURCE_DIR}/cmake/package/start-redis.sh
                 ${PROJECT_SOURCE_DIR}/cmake/package/stop-redis.sh
        DESTINATION ${CMAKE_INSTALL_BINDIR})

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME redis-testkit)
set(CPACK_PACKAGE_VENDOR "redis-testkit")
set(CPACK_PACKAGE_CONTACT "redis-testkit maintainers <redis-testkit@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # redis-testkit_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "libhiredis-dev, libspdlog-dev, nlohmann-json3-dev, libgtest-dev, cmake (>= 3.25), redis-server")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "podman | docker.io")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "GoogleTest environments and a per-test listener that give integration suites a real,\n\
memory-capped Redis: flushed before each test, measured, and checked for leaked keys.")
# cpack packs what is built (scripts/check-install.sh builds the installed targets first) rather
# than building every test and benchmark of the tree first.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)
include(CPack)

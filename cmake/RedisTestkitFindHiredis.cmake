# redis_testkit_find_hiredis(): hiredis as the imported target PkgConfig::hiredis, the name the
# kit's targets (and the installed RedisTestkitTargets.cmake) link to. From pkg-config when there
# is one; else, or when hiredis has no .pc file, from find_path/find_library, so that a machine
# without pkg-config can still build the kit or use the installed package. Sets
# REDIS_TESTKIT_HIREDIS_FOUND in the caller's scope. Used by the kit's CMakeLists.txt and by
# RedisTestkitConfig.cmake (installed next to it).
function(redis_testkit_find_hiredis)
  if(TARGET PkgConfig::hiredis)
    set(REDIS_TESTKIT_HIREDIS_FOUND TRUE PARENT_SCOPE)
    return()
  endif()
  find_package(PkgConfig QUIET)
  if(PKG_CONFIG_FOUND)
    pkg_check_modules(hiredis QUIET IMPORTED_TARGET hiredis)
  endif()
  if(NOT TARGET PkgConfig::hiredis)
    find_path(REDIS_TESTKIT_HIREDIS_INCLUDE_DIR hiredis/hiredis.h
              DOC "Directory holding hiredis/hiredis.h (when pkg-config does not know hiredis)")
    find_library(REDIS_TESTKIT_HIREDIS_LIBRARY NAMES hiredis
                 DOC "The hiredis library (when pkg-config does not know hiredis)")
    if(NOT REDIS_TESTKIT_HIREDIS_INCLUDE_DIR OR NOT REDIS_TESTKIT_HIREDIS_LIBRARY)
      set(REDIS_TESTKIT_HIREDIS_FOUND FALSE PARENT_SCOPE)
      return()
    endif()
    add_library(PkgConfig::hiredis UNKNOWN IMPORTED)
    # hiredis.pc's include directory is <prefix>/include/hiredis: both spellings keep working.
    set_target_properties(PkgConfig::hiredis PROPERTIES
      IMPORTED_LOCATION "${REDIS_TESTKIT_HIREDIS_LIBRARY}"
      INTERFACE_INCLUDE_DIRECTORIES
        "${REDIS_TESTKIT_HIREDIS_INCLUDE_DIR};${REDIS_TESTKIT_HIREDIS_INCLUDE_DIR}/hiredis")
    message(STATUS "hiredis: ${REDIS_TESTKIT_HIREDIS_LIBRARY} (found without pkg-config)")
  endif()
  set(REDIS_TESTKIT_HIREDIS_FOUND TRUE PARENT_SCOPE)
endfunction()

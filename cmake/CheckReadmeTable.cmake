# ctest -P script: the README's configuration table must equal `redis-testkit env --markdown`.
#   cmake -DCLI=<redis-testkit> -DREADME=<README.md> -P CheckReadmeTable.cmake
execute_process(COMMAND ${CLI} env --markdown OUTPUT_VARIABLE expected RESULT_VARIABLE rc
                TIMEOUT 30)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "redis-testkit env --markdown failed (${rc})")
endif()
file(READ ${README} readme)
string(FIND "${readme}" "${expected}" found)
if(found EQUAL -1)
  message(FATAL_ERROR "README.md's configuration table differs from `redis-testkit env --markdown`;"
                      " paste the command's output between the config-table markers")
endif()
message(STATUS "README configuration table is current")

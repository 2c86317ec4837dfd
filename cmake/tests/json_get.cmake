# cmake -DFILE=<json> "-DMEMBERS=totals;tests" -P json_get.cmake: prints the member's value.
file(READ "${FILE}" json)
string(JSON value GET "${json}" ${MEMBERS})
execute_process(COMMAND "${CMAKE_COMMAND}" -E echo "${value}")

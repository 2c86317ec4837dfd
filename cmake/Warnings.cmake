# Warnings as errors for every target of this project (not for consumers of the installed package).
function(redis_testkit_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                           -Wno-sign-conversion -Wnon-virtual-dtor -Werror)
endfunction()

# Warnings as errors for every target of this project (not for consumers of the installed package).
function(redis_testkit_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                           -Wno-sign-conversion -Wnon-virtual-dtor -Werror
                                           # GCC 12 false positive on std::string operator+ (-O2)
                                           $<$<CXX_COMPILER_ID:GNU>:-Wno-restrict>)
endfunction()

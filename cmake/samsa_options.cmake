# Compiler flags shared by every target.
# Designated initializers that leave members to their defaults are idiomatic C++20.
add_compile_options(-Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  # GCC 12 warns on coroutine frames and std::variant moves it cannot see through.
  add_compile_options(-Wno-maybe-uninitialized -Wno-mismatched-new-delete)
endif()

if(SAMSA_SANITIZERS)
  add_compile_options(-fsanitize=${SAMSA_SANITIZERS} -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=${SAMSA_SANITIZERS})
endif()

if(SAMSA_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "SAMSA_FUZZ needs clang (use the 'fuzz' preset)")
  endif()
  # clang 14 fails on coroutines compiled with both coverage instrumentation and UBSan's
  # function check ("Cannot represent a difference across sections", LLVM issues 49689
  # and 54153): leave that one check out of fuzz builds.
  add_compile_options(-fsanitize=fuzzer-no-link -fno-sanitize=function)
endif()

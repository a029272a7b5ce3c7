# Compiler flags shared by every target.
add_compile_options(-Wall -Wextra -Wno-unused-parameter)
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
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()

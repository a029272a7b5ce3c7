# samsa_unit_test(NAME MODULE SOURCES... [LIBS ...]): a GoogleTest binary beside the
# code it tests, registered with ctest under the labels "unit" and MODULE.
function(samsa_unit_test name module)
  cmake_parse_arguments(T "" "" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE ${T_LIBS} GTest::gtest GTest::gmock GTest::gtest_main)
  set(labels unit ${module} ${T_LABELS})
  gtest_discover_tests(${name}
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
    TEST_LIST ${name}_TESTS
    DISCOVERY_TIMEOUT 60)
  # gtest_discover_tests cannot pass a list-valued property (CMake 3.25 splits it into
  # words, so only the first label would stick): label the discovered tests from a ctest
  # script that runs after the discovery script has defined ${name}_TESTS.
  set(label_script ${CMAKE_CURRENT_BINARY_DIR}/${name}_labels.cmake)
  file(WRITE ${label_script}
    "if(${name}_TESTS)\n  set_tests_properties(\${${name}_TESTS} PROPERTIES LABELS \"${labels}\")\nendif()\n")
  set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES ${label_script})
endfunction()

# samsa_fuzz_target(NAME MODULE SOURCE CORPUS_DIR LIBS...): a libFuzzer entry point.
# In fuzz builds it links with -fsanitize=fuzzer; in every other build it links with a
# small driver that runs each corpus file once, registered as an ordinary test.
function(samsa_fuzz_target name module source corpus)
  cmake_parse_arguments(F "" "" "LIBS" ${ARGN})
  add_executable(${name} ${source})
  target_link_libraries(${name} PRIVATE ${F_LIBS})
  if(SAMSA_FUZZ)
    target_link_options(${name} PRIVATE -fsanitize=fuzzer)
  else()
    target_link_libraries(${name} PRIVATE samsa_fuzz_driver)
    add_test(NAME ${name}.corpus COMMAND ${name} ${corpus})
    set_tests_properties(${name}.corpus PROPERTIES LABELS "unit;fuzz;${module}")
  endif()
endfunction()

# samsa_integration_test(NAME MODULE SOURCES... [LIBS ...] [TIMEOUT seconds]): a GoogleTest
# binary that drives outside tools (Kafka's Java classes, real clients), registered as one
# ctest test under the labels "integration" and MODULE. Not split per test case: its cases
# share the tools, which must not run concurrently.
function(samsa_integration_test name module)
  cmake_parse_arguments(T "" "TIMEOUT" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE ${T_LIBS} GTest::gtest GTest::gmock GTest::gtest_main)
  add_test(NAME ${name} COMMAND ${name} WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 600)
  endif()
  set_tests_properties(${name} PROPERTIES LABELS "integration;${module}" TIMEOUT ${T_TIMEOUT})
endfunction()

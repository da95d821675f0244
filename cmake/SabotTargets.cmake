# sabot_add_subsystem(NAME DEPS dep...)
#
# Declares library sabot_<NAME> from the .cpp files of the calling folder, then
# picks up by convention:
#   tests/*Test.cpp           -> one GoogleTest binary sabot_<NAME>_tests
#   benchmarks/*Benchmark.cpp -> one benchmark binary per file
#   fuzz/*Fuzz.cpp            -> one libFuzzer target per file (SABOT_BUILD_FUZZERS)
# Globs use CONFIGURE_DEPENDS so a new file is seen without re-running cmake.
function(sabot_add_subsystem name)
  cmake_parse_arguments(ARG "" "" "DEPS;TEST_DEPS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
  add_library(sabot_${name} STATIC ${sources})
  target_include_directories(sabot_${name} PUBLIC ${CMAKE_SOURCE_DIR}/src ${CMAKE_BINARY_DIR}/src)
  target_link_libraries(sabot_${name} PUBLIC ${ARG_DEPS})

  file(GLOB tests CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/tests/*Test.cpp)
  if(SABOT_BUILD_TESTS AND tests)
    add_executable(sabot_${name}_tests ${tests})
    target_link_libraries(sabot_${name}_tests PRIVATE sabot_${name} ${ARG_TEST_DEPS} GTest::gtest GTest::gmock GTest::gtest_main)
    target_compile_definitions(sabot_${name}_tests PRIVATE SABOT_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
    # The subsystem's name becomes a label of every test in its folder
    # (ctest -L columnar); the unit tests also get "unit".
    set_property(DIRECTORY APPEND PROPERTY LABELS ${name})
    gtest_discover_tests(sabot_${name}_tests PROPERTIES LABELS unit DISCOVERY_TIMEOUT 60)
  endif()

  file(GLOB benches CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/benchmarks/*Benchmark.cpp)
  if(SABOT_BUILD_BENCHMARKS)
    foreach(bench ${benches})
      get_filename_component(bench_name ${bench} NAME_WE)
      add_executable(${bench_name} ${bench})
      target_link_libraries(${bench_name} PRIVATE sabot_${name} benchmark::benchmark benchmark::benchmark_main)
      set_target_properties(${bench_name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/bench)
    endforeach()
  endif()

  file(GLOB fuzzers CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/*Fuzz.cpp)
  foreach(fuzzer ${fuzzers})
    get_filename_component(fuzzer_name ${fuzzer} NAME_WE)
    if(SABOT_BUILD_FUZZERS)
      # Real coverage-guided fuzzing with clang's libFuzzer.
      add_executable(${fuzzer_name} ${fuzzer})
      target_compile_options(${fuzzer_name} PRIVATE -fsanitize=fuzzer)
      target_link_options(${fuzzer_name} PRIVATE -fsanitize=fuzzer)
    else()
      # Without clang: the same target linked to a driver that replays the
      # seed corpus and random mutations of it, so `make test` still runs it.
      add_executable(${fuzzer_name} ${fuzzer} ${CMAKE_SOURCE_DIR}/src/sabot/base/fuzz/FuzzReplayDriver.cpp)
    endif()
    target_link_libraries(${fuzzer_name} PRIVATE sabot_${name})
    set_target_properties(${fuzzer_name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/fuzz)
    if(SABOT_BUILD_TESTS AND NOT SABOT_BUILD_FUZZERS)
      add_test(NAME fuzz.${fuzzer_name}
               COMMAND ${fuzzer_name} --iterations=20000 ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/corpus/${fuzzer_name})
      set_tests_properties(fuzz.${fuzzer_name} PROPERTIES LABELS "fuzz;${name}")
    endif()
  endforeach()
endfunction()

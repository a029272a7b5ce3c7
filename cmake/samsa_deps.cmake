# Third-party packages, all from Debian bookworm (scripts/deps.sh installs them).
find_package(Boost 1.81.0 REQUIRED CONFIG)
find_package(Threads REQUIRED)
find_package(ZLIB REQUIRED)
find_package(zstd REQUIRED CONFIG)
find_package(Snappy REQUIRED CONFIG)
find_package(PkgConfig REQUIRED)
pkg_check_modules(LZ4 REQUIRED IMPORTED_TARGET liblz4)
find_package(RapidJSON REQUIRED CONFIG)
find_package(GTest REQUIRED CONFIG)
find_package(benchmark REQUIRED CONFIG)
find_package(Python3 REQUIRED COMPONENTS Interpreter)

if(NOT TARGET RapidJSON::RapidJSON)
  add_library(RapidJSON::RapidJSON INTERFACE IMPORTED)
  set_target_properties(RapidJSON::RapidJSON PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${RAPIDJSON_INCLUDE_DIRS}")
endif()
find_package(spdlog REQUIRED CONFIG)

# librdkafka: a test client only (integration tests, the benchmark load generator); never
# linked into samsa. Optional, so a build-only machine needs no more than the list above.
pkg_check_modules(RDKAFKA IMPORTED_TARGET rdkafka)

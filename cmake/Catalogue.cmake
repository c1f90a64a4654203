# The mission catalogue (assets/*.json): checked against its schema at build time on both
# targets (a bad entry fails the build and names the entry), then embedded into the engine as
# string literals (engine/mission/embedded.hpp), so the browser needs no file access.
# Included from src/engine/CMakeLists.txt after the ce8_engine target exists.
find_program(CE8_PYTHON3 NAMES python3 REQUIRED NO_CMAKE_FIND_ROOT_PATH)
set(ce8_catalogue_dir ${PROJECT_SOURCE_DIR}/assets)
set(ce8_catalogue_files
  ${ce8_catalogue_dir}/participants.json ${ce8_catalogue_dir}/mission.json
  ${ce8_catalogue_dir}/sites.json ${ce8_catalogue_dir}/payloads.json
  ${ce8_catalogue_dir}/rovers.json)
set(ce8_catalogue_cpp ${CMAKE_CURRENT_BINARY_DIR}/generated/mission/embedded_catalogue.cpp)
add_custom_command(OUTPUT ${ce8_catalogue_cpp}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_CURRENT_BINARY_DIR}/generated/mission
  COMMAND ${CE8_PYTHON3} ${ce8_catalogue_dir}/validate_catalogue.py --out ${ce8_catalogue_cpp}
    ${ce8_catalogue_dir}
  DEPENDS ${ce8_catalogue_files} ${ce8_catalogue_dir}/validate_catalogue.py
  COMMENT "Checking and embedding the mission catalogue (assets/*.json)"
  VERBATIM)
target_sources(ce8_engine PRIVATE ${ce8_catalogue_cpp})
# The CLI reads the source tree's assets/ directly (so `ce8 catalogue` shows edits without a
# rebuild of the embedded copy); --assets DIR overrides it.
target_compile_definitions(ce8_engine INTERFACE CE8_SOURCE_ASSETS_DIR="${ce8_catalogue_dir}")

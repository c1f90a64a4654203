# The real LOLA elevation data the explorer ships (assets/lola/, made by scripts/make-lola-assets
# from NASA/GSFC/LOLA products): embedded into the engine as byte arrays, so the browser, the
# desktop app and `ce8` have the real Moon without any file access.
# Included from src/engine/CMakeLists.txt after the ce8_engine target exists.
set(ce8_lola_dir ${PROJECT_SOURCE_DIR}/assets/lola)
set(ce8_lola_files
  ${ce8_lola_dir}/ldem4-cap.lbl ${ce8_lola_dir}/ldem4-cap.img
  ${ce8_lola_dir}/shackleton-200m.lbl ${ce8_lola_dir}/shackleton-200m.img
  ${ce8_lola_dir}/shackleton-40m.lbl ${ce8_lola_dir}/shackleton-40m.img
  ${ce8_lola_dir}/shoemaker-5m.lbl ${ce8_lola_dir}/shoemaker-5m.img)
set(ce8_lola_cpp ${CMAKE_CURRENT_BINARY_DIR}/generated/terrain/embedded_lola.cpp)
add_custom_command(OUTPUT ${ce8_lola_cpp}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_CURRENT_BINARY_DIR}/generated/terrain
  COMMAND ${CE8_PYTHON3} ${PROJECT_SOURCE_DIR}/cmake/embed_files.py ${ce8_lola_cpp}
    ce8::terrain embedded_lola_files ${ce8_lola_files}
  DEPENDS ${ce8_lola_files} ${PROJECT_SOURCE_DIR}/cmake/embed_files.py
  COMMENT "Embedding the LOLA elevation data (assets/lola/)"
  VERBATIM)
target_sources(ce8_engine PRIVATE ${ce8_lola_cpp})
# -O0 for the data file: nothing to optimise, and it compiles faster.
set_source_files_properties(${ce8_lola_cpp} PROPERTIES COMPILE_OPTIONS "-O0;-g0")

// The LOLA elevation products built into the engine (assets/lola/, embedded by
// cmake/LolaData.cmake): PDS3 labels and images, by file name.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

namespace ce8::terrain {

struct EmbeddedFile {
  const char* name;
  const unsigned char* data;
  std::size_t size;
};

std::span<const EmbeddedFile> embedded_lola_files();

}  // namespace ce8::terrain

// DEM files through GDAL (ce8 terrain info/--dem FILE; engine/terrain/dem_io_native.cpp):
// the input is written to a scratch file and read with read_dem. The first byte picks the
// form: a GeoTIFF (.tif), a PDS3 product with an attached label (.img), or a detached label
// (.lbl) plus its .IMG (the input is split at the first "\nEND\n"-terminated label).
// GDAL is Debian's library, not instrumented: the fuzzer sees coverage in our wrapper only, and
// ASan sees GDAL's heap through the interceptors. Limits are kept small so a header that claims
// a huge grid is refused by our checks rather than by memory.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "engine/terrain/dem_io.hpp"
#include "fuzz_common.hpp"

namespace {

namespace fs = std::filesystem;

fs::path scratch_dir() {
  static const fs::path dir = [] {
    const char* base = std::getenv("CE8_FUZZ_SCRATCH");
    fs::path d = fs::path(base ? base : "/tmp") / ("ce8-fuzz-gdal-" + std::to_string(getpid()));
    fs::create_directories(d);
    return d;
  }();
  return dir;
}

void write(const fs::path& p, std::string_view bytes) {
  std::ofstream(p, std::ios::binary | std::ios::trunc)
      .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ce8;
  if (size < 1) return 0;
  const std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
  const fs::path dir = scratch_dir();
  terrain::ReadLimits limits;
  limits.max_file_bytes = 1 << 20;
  limits.max_dimension = 1024;
  limits.max_cells = 1 << 18;
  fs::path target;
  switch (data[0] % 3) {
    case 0:
      target = dir / "dem.tif";
      write(target, body);
      break;
    case 1:
      target = dir / "dem.img";
      fs::remove(dir / "dem.lbl");
      fs::remove(dir / "dem.LBL");
      write(target, body);
      break;
    default: {
      // Detached label "DEM.LBL" naming "DEM.IMG" (the seeds do); the label ends at "\nEND\n".
      const std::size_t end = body.find("\nEND\n");
      const std::size_t cut = end == std::string_view::npos ? body.size() : end + 5;
      target = dir / "DEM.LBL";
      write(target, body.substr(0, cut));
      write(dir / "DEM.IMG", body.substr(cut));
      break;
    }
  }
  auto dem = terrain::read_dem(target.string(), limits);
  fuzz::check(dem);
  if (dem && (dem->width() > limits.max_dimension || dem->height() > limits.max_dimension))
    std::abort();
  return 0;
}

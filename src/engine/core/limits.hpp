// Memory limits shared by every module, and the helpers that check a request against them
// before memory is committed. The input limits themselves live next to the parser they guard
// (docs/reliability.md lists every one of them with its file and line):
//   terrain/dem.hpp          kMaxGridDimension, kMaxGridCells       (any DEM grid)
//   terrain/dem_io.hpp       ReadLimits::max_file_bytes             (DEM files through GDAL)
//   terrain/import.hpp       kMaxImportDimension, kMaxImportCells   (browser GeoTIFF import)
//   scenario/scenario.hpp    kMaxScenarioBytes/Depth/Payloads/Waypoints (JSON and #s= links)
//   payload/manifest.hpp     kMaxManifestBytes/Depth/Payloads
//   mission/catalogue.hpp    kMaxCatalogueBytes/Depth
//   illumination/horizon.hpp kMaxDirections, kMaxHorizonBytes
//   illumination/illumination_map.hpp kMaxInstants              (time range x step count)
//   time/time.hpp            kMinYear, kMaxYear
//   core/limits.hpp          kMaxArgumentBytes, kMaxSingleAllocationBytes (this file)
//
// WebAssembly: the explorer links with -sALLOW_MEMORY_GROWTH=1 -sMAXIMUM_MEMORY=2GB
// (src/app/CMakeLists.txt). A failed allocation there aborts the page (no exceptions), so every
// large buffer is checked against kMaxSingleAllocationBytes first and refused with a message.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>

#include "engine/core/result.hpp"

namespace ce8 {

// The explorer's WebAssembly heap ceiling (-sMAXIMUM_MEMORY in src/app/CMakeLists.txt; a CLI
// test checks that the two agree).
inline constexpr std::int64_t kWasmMemoryCeilingBytes = std::int64_t{2} << 30;

// The largest single buffer the engine will allocate for one request. On a 32-bit address space
// (WebAssembly) a quarter of the heap ceiling, so a grid, its mesh and a derived map still fit
// together; natively 8 GiB (a DEM at kMaxGridCells is 1 GiB of float32).
inline constexpr std::int64_t kMaxSingleAllocationBytes =
    sizeof(void*) < 8 ? kWasmMemoryCeilingBytes / 4 : std::int64_t{8} << 30;

// Longest text argument (a path, a time, a LAT,LON) the parsers accept.
inline constexpr std::size_t kMaxArgumentBytes = 4096;

// count * element_bytes, or -1 when it overflows int64 or either factor is negative.
constexpr std::int64_t checked_bytes(std::int64_t count, std::int64_t element_bytes) {
  if (count < 0 || element_bytes < 0) return -1;
  if (element_bytes != 0 && count > std::numeric_limits<std::int64_t>::max() / element_bytes)
    return -1;
  return count * element_bytes;
}

// Refuses a buffer of `count` elements of `element_bytes` when it passes
// kMaxSingleAllocationBytes (or `limit_bytes` if smaller and positive), naming what it was for:
// "the DEM grid would need 1.0 GiB, more than the 512 MiB limit for one buffer".
inline Status check_allocation(std::int64_t count, std::int64_t element_bytes, const char* what,
                               std::int64_t limit_bytes = 0) {
  const std::int64_t limit = limit_bytes > 0 && limit_bytes < kMaxSingleAllocationBytes
                                 ? limit_bytes
                                 : kMaxSingleAllocationBytes;
  const std::int64_t bytes = checked_bytes(count, element_bytes);
  if (bytes >= 0 && bytes <= limit) return Ok{};
  auto mib = [](std::int64_t b) { return std::to_string((b + (1 << 20) - 1) >> 20) + " MiB"; };
  return make_error(std::string(what) + " would need " +
                    (bytes < 0 ? std::string("more than 8 EiB") : mib(bytes)) + ", more than the " +
                    mib(limit) + " limit for one buffer");
}

}  // namespace ce8

// CLI coordinate arguments: --site / --center "LAT,LON[,HEIGHT_M]" (engine/core/parse.hpp,
// which cmd_ephemeris, cmd_payloads and cmd_terrain call).
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "engine/core/parse.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ce8;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (const bool height : {false, true}) {
    auto p = parse_lat_lon(text, height);
    fuzz::check(p);
    if (!p) continue;
    if (!std::isfinite(p->lat_deg) || !std::isfinite(p->lon_deg) || !std::isfinite(p->height_m) ||
        p->lat_deg < -90.0 || p->lat_deg > 90.0 || (p->has_height && !height))
      std::abort();
  }
  auto v = parse_number_list(text, 1, 8);
  fuzz::check(v);
  if (v && (v->empty() || v->size() > 8)) std::abort();
  return 0;
}

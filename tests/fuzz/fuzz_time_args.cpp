// CLI time arguments: --time/--from/--until (ISO 8601 in UTC, TT or TDB), --step/--duration
// ("90s", "1.5h") and --scale. Whatever parses must format and parse back to the same instant.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "engine/time/time.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ce8;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (const time::Scale scale : {time::Scale::kUtc, time::Scale::kTt, time::Scale::kTdb}) {
    auto t = time::parse_iso8601(text, scale);
    fuzz::check(t);
    if (!t) continue;
    auto f = time::format_iso8601(*t, scale, 9);
    if (!f) std::abort();  // an accepted instant is inside ERFA's range
    auto back = time::parse_iso8601(*f, scale);
    if (!back || std::fabs(time::seconds_between(*t, *back)) > 1e-5) std::abort();
  }
  auto d = time::parse_duration_s(text);
  fuzz::check(d);
  if (d && !std::isfinite(*d)) std::abort();
  fuzz::check(time::parse_scale(text));
  return 0;
}

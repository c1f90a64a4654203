// Scenario JSON (a hand-edited or pasted scenario file): parse with and without the catalogue;
// whatever parses must validate, serialise and read back to the same scenario.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "engine/scenario/scenario.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ce8;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (const mission::Catalogue* cat :
       {static_cast<const mission::Catalogue*>(nullptr), &fuzz::catalogue()}) {
    auto s = scenario::scenario_from_json(text, cat);
    fuzz::check(s);
    if (!s) continue;
    if (!scenario::validate_scenario(*s, cat)) std::abort();
    auto again = scenario::scenario_from_json(scenario::scenario_to_json(*s), cat);
    if (!again || !(*again == *s)) std::abort();  // exact round trip (scenario.hpp)
    auto pretty = scenario::scenario_from_json(scenario::scenario_to_json(*s, 2), cat);
    if (!pretty || !(*pretty == *s)) std::abort();
  }
  return 0;
}

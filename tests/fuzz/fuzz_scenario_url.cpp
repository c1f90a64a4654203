// The scenario URL form (a shared or mangled "#s=..." link): the input is the text after the
// page address, as a user might paste it; also the base64url codec on its own and the
// JSON-or-URL entry point the scenario panel uses.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "engine/scenario/scenario.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ce8;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto s = scenario::scenario_from_url(text, &fuzz::catalogue());
  fuzz::check(s);
  if (s) {
    auto again =
        scenario::scenario_from_url(scenario::scenario_to_url_fragment(*s), &fuzz::catalogue());
    if (!again || !(*again == *s)) std::abort();
  }
  fuzz::check(scenario::scenario_from_text(text, nullptr));
  auto bytes = scenario::base64url_decode(text);
  fuzz::check(bytes);
  // The decoder is lenient (standard-alphabet '+' '/', '=' padding, stray low bits); what it
  // returns must survive the canonical encoding unchanged.
  if (bytes) {
    auto again = scenario::base64url_decode(scenario::base64url_encode(*bytes));
    if (!again || *again != *bytes) std::abort();
  }
  return 0;
}

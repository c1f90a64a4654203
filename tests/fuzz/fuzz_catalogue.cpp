// The catalogue texts (ce8 --assets DIR reads five JSON files): the first byte picks which of
// the five files the rest of the input replaces; the other four are the embedded ones, so the
// loader's cross-file checks (ids referenced between files) are reached too.
#include <cstdint>
#include <string_view>

#include "engine/mission/catalogue.hpp"
#include "engine/mission/embedded.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ce8;
  if (size < 1) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  mission::CatalogueTexts texts = mission::embedded_catalogue_texts();
  switch (data[0] % 5) {
    case 0:
      texts.participants = text;
      break;
    case 1:
      texts.mission = text;
      break;
    case 2:
      texts.sites = text;
      break;
    case 3:
      texts.payloads = text;
      break;
    default:
      texts.rovers = text;
      break;
  }
  fuzz::check(mission::load_catalogue(texts));
  (void)mission::json_depth(text, mission::kMaxCatalogueDepth);
  return 0;
}

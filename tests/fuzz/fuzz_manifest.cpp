// Payload manifests (ce8 payloads --manifest FILE, the Payloads panel): parse against the
// embedded catalogue; a manifest that parses must write and read back to the same ids.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "engine/payload/manifest.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ce8;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto m = payload::parse_manifest(text, fuzz::catalogue());
  fuzz::check(m);
  if (!m) return 0;
  auto again = payload::parse_manifest(payload::manifest_to_json(*m), fuzz::catalogue());
  if (!again || again->payload_ids != m->payload_ids || again->name != m->name) std::abort();
  if (payload::resolve(*m, fuzz::catalogue()).size() != m->payload_ids.size()) std::abort();
  return 0;
}

// A payload manifest: which catalogue payloads fly (and, in order, their priority for the
// operations scheduler). JSON form (docs/mission.md):
//   {"name": "optional label", "payloads": ["pk-suparco-rover", "tr-metu-microrovers", ...]}
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/core/result.hpp"
#include "engine/mission/catalogue.hpp"

namespace ce8::payload {

inline constexpr std::size_t kMaxManifestBytes = 64 * 1024;
inline constexpr int kMaxManifestDepth = 4;
inline constexpr std::size_t kMaxManifestPayloads = 64;

struct Manifest {
  std::string name;
  std::vector<std::string> payload_ids;  // in priority order, no duplicates
};

// Parses and checks manifest JSON against the catalogue: size and depth limits, valid JSON, an
// object with "payloads" (array of strings) and optionally "name"; no other fields; every id in
// the catalogue; no id twice. Errors name the problem: "unknown payload id 'x' in the manifest".
Result<Manifest> parse_manifest(std::string_view text, const mission::Catalogue& catalogue);
// The manifest as JSON text (parse_manifest reads it back to the same manifest).
std::string manifest_to_json(const Manifest& manifest);

// The payloads of a manifest, resolved (ids that are not in the catalogue are skipped).
std::vector<const mission::Payload*> resolve(const Manifest& manifest,
                                             const mission::Catalogue& catalogue);

}  // namespace ce8::payload

#include "engine/payload/manifest.hpp"

#include <set>

#include <nlohmann/json.hpp>

namespace ce8::payload {

using json = nlohmann::json;

Result<Manifest> parse_manifest(std::string_view text, const mission::Catalogue& catalogue) {
  if (text.size() > kMaxManifestBytes)
    return make_error("manifest larger than " + std::to_string(kMaxManifestBytes / 1024) + " KiB");
  if (mission::json_depth(text, kMaxManifestDepth) > kMaxManifestDepth)
    return make_error("manifest nested deeper than " + std::to_string(kMaxManifestDepth) +
                      " levels");
  const json root = json::parse(text.begin(), text.end(), nullptr, false);
  if (root.is_discarded()) return make_error("manifest is not valid JSON");
  if (!root.is_object())
    return make_error("manifest must be a JSON object with a \"payloads\" array");
  Manifest m;
  for (auto it = root.begin(); it != root.end(); ++it) {
    if (it.key() == "name") {
      if (!it->is_string()) return make_error("manifest \"name\" must be a string");
      m.name = it->get<std::string>();
      if (m.name.size() > 200) return make_error("manifest \"name\" longer than 200 characters");
    } else if (it.key() != "payloads" && it.key() != "format" && it.key() != "version") {
      return make_error("unknown field '" + it.key() +
                        "' in the manifest (expected \"payloads\" "
                        "and optionally \"name\")");
    }
  }
  if (root.contains("format") &&
      (!root["format"].is_string() || root["format"].get<std::string>() != "ce8-manifest"))
    return make_error("manifest \"format\" must be \"ce8-manifest\"");
  if (root.contains("version") && (!root["version"].is_number_integer() || root["version"] != 1))
    return make_error("manifest \"version\" must be 1");
  auto p = root.find("payloads");
  if (p == root.end() || !p->is_array())
    return make_error("manifest needs a \"payloads\" array of payload ids");
  if (p->size() > kMaxManifestPayloads)
    return make_error("manifest lists more than " + std::to_string(kMaxManifestPayloads) +
                      " payloads");
  std::set<std::string> seen;
  for (const json& id : *p) {
    if (!id.is_string()) return make_error("manifest \"payloads\" must hold payload id strings");
    const std::string s = id.get<std::string>();
    if (!catalogue.find_payload(s)) {
      std::string shown = s.size() > 64 ? s.substr(0, 64) + "..." : s;
      return make_error("unknown payload id '" + shown +
                        "' in the manifest (see ce8 catalogue payloads)");
    }
    if (!seen.insert(s).second)
      return make_error("payload '" + s + "' is listed twice in the manifest");
    m.payload_ids.push_back(s);
  }
  return m;
}

std::string manifest_to_json(const Manifest& manifest) {
  json j = json::object();
  j["format"] = "ce8-manifest";
  j["version"] = 1;
  if (!manifest.name.empty()) j["name"] = manifest.name;
  j["payloads"] = manifest.payload_ids;
  return j.dump(2);
}

std::vector<const mission::Payload*> resolve(const Manifest& manifest,
                                             const mission::Catalogue& catalogue) {
  std::vector<const mission::Payload*> out;
  for (const auto& id : manifest.payload_ids)
    if (const auto* p = catalogue.find_payload(id)) out.push_back(p);
  return out;
}

}  // namespace ce8::payload

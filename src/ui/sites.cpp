#include "ui/sites.hpp"

#include <vector>

#include "engine/mission/catalogue.hpp"

namespace ce8::ui {
namespace {

// How far the camera stands to show a site's setting: a ridge closely, a plateau wider, a
// 100 km crater whole.
float view_distance_for(const std::string& setting) {
  if (setting == "ridge" || setting == "summit" || setting == "peak") return 50000.0f;
  if (setting == "crater-floor") return 160000.0f;
  return 70000.0f;
}

std::string first_sentence(const std::string& text) {
  const auto end = text.find(". ");
  return end == std::string::npos ? text : text.substr(0, end + 1);
}

struct SiteTable {
  std::vector<NamedSite> sites;
  std::vector<std::vector<std::string>> aliases;  // per site
};

const SiteTable& table() {
  static const SiteTable kTable = [] {
    SiteTable t;
    auto cat = mission::load_embedded_catalogue();
    if (!cat) return t;
    for (const mission::LandingSite& s : cat->sites) {
      const auto assumed = s.assumed.find("lat_deg");
      t.sites.push_back({s.id, s.name, s.lat_deg, s.lon_deg, view_distance_for(s.setting),
                         assumed == s.assumed.end() ? std::string("IAU/USGS gazetteer")
                                                    : first_sentence(assumed->second)});
      t.aliases.push_back(s.aliases);
    }
    return t;
  }();
  return kTable;
}

}  // namespace

std::span<const NamedSite> landing_sites() { return table().sites; }

const NamedSite& south_pole() {
  static const NamedSite kPole{"south-pole", "South pole",
                               -90.0,        0.0,
                               420000.0f,    "By definition; azimuth 0 points along 0 deg E."};
  return kPole;
}

int landing_site_index(std::string_view id) {
  if (id == south_pole().id) return 0;
  const SiteTable& t = table();
  for (std::size_t i = 0; i < t.sites.size(); ++i) {
    if (t.sites[i].id == id) return static_cast<int>(i) + 1;
    for (const std::string& alias : t.aliases[i])
      if (alias == id) return static_cast<int>(i) + 1;
  }
  return -1;
}

const NamedSite* find_landing_site(std::string_view id) {
  const int i = landing_site_index(id);
  if (i == 0) return &south_pole();
  return i > 0 ? &table().sites[static_cast<std::size_t>(i - 1)] : nullptr;
}

}  // namespace ce8::ui

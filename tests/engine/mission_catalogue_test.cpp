// The mission catalogue: the shipped files load (embedded and from CE8_ASSETS_DIR), agree with
// the terrain model's landing sites, and bad entries are rejected with the entry named.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "engine/mission/catalogue.hpp"
#include "engine/mission/catalogue_files.hpp"
#include "engine/terrain/generator.hpp"

namespace ce8::mission {
namespace {

using json = nlohmann::json;

TEST(MissionCatalogue, EmbeddedCatalogueLoads) {
  auto cat = load_embedded_catalogue();
  ASSERT_TRUE(cat.ok()) << cat.error().message;
  EXPECT_GE(cat->participants.size(), 30u);
  EXPECT_EQ(cat->sites.size(), 4u);
  EXPECT_EQ(cat->budget.international_allocation_kg, 200.0);
  EXPECT_EQ(cat->budget.max_single_payload_kg, 100.0);
  int international = 0;
  for (const auto& p : cat->payloads) international += p.international() ? 1 : 0;
  EXPECT_EQ(international, 10);  // the ten selected international payloads
  const Payload* pk = cat->find_payload("pk-suparco-rover");
  ASSERT_NE(pk, nullptr);
  EXPECT_DOUBLE_EQ(pk->mass_kg, 35.0);
  EXPECT_EQ(pk->assumed.count("mass_kg"), 0u);  // published, not assumed
  EXPECT_EQ(pk->assumed.count("power_w"), 1u);
  const Payload* tr = cat->find_payload("tr-metu-microrovers");
  ASSERT_NE(tr, nullptr);
  EXPECT_DOUBLE_EQ(tr->mass_kg, 10.0);  // two of about 5 kg
  const Payload* seis = cat->find_payload("lander-seismometer");
  ASSERT_NE(seis, nullptr);
  EXPECT_TRUE(seis->constraints.needs_quiet);
  const Payload* xray = cat->find_payload("lander-soft-xray-telescope");
  ASSERT_NE(xray, nullptr);
  EXPECT_TRUE(xray->constraints.must_not_see_sun);
  for (const auto& p : cat->payloads) EXPECT_FALSE(p.sources.empty()) << p.id;
  for (const auto& p : cat->participants) EXPECT_FALSE(p.sources.empty()) << p.id;
}

TEST(MissionCatalogue, FilesMatchEmbeddedCopy) {
  auto files = load_catalogue_dir_or_embedded(CE8_ASSETS_DIR);
  ASSERT_TRUE(files.ok()) << files.error().message;
  auto emb = load_embedded_catalogue();
  ASSERT_TRUE(emb.ok());
  EXPECT_EQ(files->catalogue.payloads.size(), emb->payloads.size());
  EXPECT_EQ(files->catalogue.participants.size(), emb->participants.size());
}

TEST(MissionCatalogue, SitesAgreeWithTerrainModel) {
  auto cat = load_embedded_catalogue();
  ASSERT_TRUE(cat.ok());
  for (const auto& t : terrain::landing_sites()) {
    const LandingSite* s = cat->find_site(t.id);
    ASSERT_NE(s, nullptr) << t.id;
    EXPECT_NEAR(s->lat_deg, t.lat_deg, 1e-9) << t.id;
    EXPECT_NEAR(std::remainder(s->lon_deg - t.lon_deg, 360.0), 0.0, 1e-9) << t.id;
  }
  const LandingSite* lb = cat->find_site("leibnitz-beta");
  ASSERT_NE(lb, nullptr);
  EXPECT_EQ(lb->assumed.count("lat_deg"), 1u);  // no published landing point
}

// Great-circle distance on the 1737.4 km sphere, km.
double distance_km(double lat1, double lon1, double lat2, double lon2) {
  const double r = 3.14159265358979323846 / 180.0;
  const double c = std::sin(lat1 * r) * std::sin(lat2 * r) +
                   std::cos(lat1 * r) * std::cos(lat2 * r) * std::cos((lon1 - lon2) * r);
  return 1737.4 * std::acos(std::clamp(c, -1.0, 1.0));
}

TEST(MissionCatalogue, LeibnitzBetaIsMonsMouton) {
  auto cat = load_embedded_catalogue();
  ASSERT_TRUE(cat.ok()) << cat.error().message;
  const LandingSite* lb = cat->find_site("leibnitz-beta");
  const LandingSite* mm = cat->find_site("mons-mouton");
  ASSERT_NE(lb, nullptr);
  EXPECT_EQ(lb, mm);  // one site under both names
  EXPECT_NE(lb->name.find("Mons Mouton"), std::string::npos);
  EXPECT_NE(lb->name.find("Leibnitz Beta"), std::string::npos);
  EXPECT_EQ(lb->setting, "plateau");
  // On the plateau: within 15 km of the gazetteer centre (84.6 S, 31 E, not 31 W), and within
  // 15 km of where IM-2 came down on it.
  EXPECT_LT(distance_km(lb->lat_deg, lb->lon_deg, -84.6, 31.0), 15.0);
  EXPECT_GT(distance_km(lb->lat_deg, lb->lon_deg, -84.6, -31.0), 100.0);
  const LandingSite* im2 = cat->find_context_site("im-2-athena");
  ASSERT_NE(im2, nullptr);
  EXPECT_LT(distance_km(lb->lat_deg, lb->lon_deg, im2->lat_deg, im2->lon_deg), 15.0);
  // Exactly one Chang'e-8 site answers to either name.
  int named = 0;
  for (const auto& s : cat->sites)
    named +=
        s.name.find("Mouton") != std::string::npos || s.name.find("Leibnitz") != std::string::npos;
  EXPECT_EQ(named, 1);
}

TEST(MissionCatalogue, SitesMatchTheGazetteerAndSayWhatGroundTheyClaim) {
  auto cat = load_embedded_catalogue();
  ASSERT_TRUE(cat.ok());
  struct Want {
    const char* id;
    double lat, lon, within_km;
    const char* setting;
  };
  // Crater centres from the IAU/USGS gazetteer (../shared/MISSION-FACTS.md); the ridge lies
  // between Shackleton (-89.67, 130.8 E) and de Gerlache (-88.48, 271.66 E).
  const Want want[] = {{"amundsen", -84.44, 83.07, 5.0, "crater-floor"},
                       {"cabeus", -85.33, 317.87, 5.0, "crater-floor"},
                       {"leibnitz-beta", -84.6, 31.0, 15.0, "plateau"}};
  for (const Want& w : want) {
    const LandingSite* s = cat->find_site(w.id);
    ASSERT_NE(s, nullptr) << w.id;
    EXPECT_LT(distance_km(s->lat_deg, s->lon_deg, w.lat, w.lon), w.within_km) << w.id;
    EXPECT_EQ(s->setting, w.setting) << w.id;
    EXPECT_EQ(s->mission, kChange8Mission) << w.id;
  }
  {  // The ridge site lies between the two craters it connects (off the line by at most 5 km).
    const LandingSite* s = cat->find_site("shackleton-de-gerlache-ridge");
    ASSERT_NE(s, nullptr);
    const double via = distance_km(-89.67, 130.8, s->lat_deg, s->lon_deg) +
                       distance_km(s->lat_deg, s->lon_deg, -88.48, 271.66);
    EXPECT_LT(via, distance_km(-89.67, 130.8, -88.48, 271.66) + 5.0);
    EXPECT_EQ(s->setting, "ridge");
  }
  EXPECT_EQ(cat->sites.size(), 4u);
}

TEST(MissionCatalogue, ContextSitesAreKeptApartAndSourced) {
  auto cat = load_embedded_catalogue();
  ASSERT_TRUE(cat.ok());
  std::set<std::string> artemis;
  for (const auto& s : cat->context_sites) {
    EXPECT_NE(s.mission, kChange8Mission) << s.id;
    EXPECT_FALSE(s.sources.empty()) << s.id;
    EXPECT_EQ(cat->find_site(s.id), nullptr) << s.id;  // never offered as a Chang'e-8 site
    EXPECT_EQ(cat->find_context_site(s.id), &s);
    EXPECT_GT(s.uncertainty_km, 0.0) << s.id;
    // A position NASA did not publish is marked as assumed, with its basis.
    if (s.mission == "artemis-iii") {
      artemis.insert(s.name);
      EXPECT_EQ(s.assumed.count("lat_deg"), 1u) << s.id;
      bool nasa = false;
      for (const auto& src : s.sources) nasa = nasa || src == "nasa-artemis3-2024-10";
      EXPECT_TRUE(nasa) << s.id;
    }
  }
  const std::set<std::string> nine = {"Peak near Cabeus B",  "Haworth",           "Malapert Massif",
                                      "Mons Mouton Plateau", "Mons Mouton",       "Nobile Rim 1",
                                      "Nobile Rim 2",        "de Gerlache Rim 2", "Slater Plain"};
  EXPECT_EQ(artemis, nine);
  const LandingSite* im2 = cat->find_context_site("im-2-athena");
  ASSERT_NE(im2, nullptr);
  EXPECT_EQ(im2->mission, "im-2");
  EXPECT_NEAR(im2->lat_deg, -84.79, 0.01);
  EXPECT_NEAR(im2->lon_deg, 29.20, 0.01);
  for (const auto& s : cat->sites) EXPECT_EQ(s.mission, kChange8Mission) << s.id;
}

// Edits sites.json of the embedded catalogue and returns the loader's verdict.
Result<Catalogue> with_sites_edit(void (*edit)(json&)) {
  const CatalogueTexts t = embedded_catalogue_texts();
  json s = json::parse(t.sites);
  edit(s);
  const std::string edited = s.dump();
  CatalogueTexts t2 = t;
  t2.sites = edited;
  return load_catalogue(t2);
}

TEST(MissionCatalogue, BadSitesAreRejectedByName) {
  auto r = with_sites_edit([](json& s) { s["context"][0]["mission"] = "change-8"; });
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("context entry 'im-2-athena'"), std::string::npos)
      << r.error().message;

  r = with_sites_edit([](json& s) { s["context"][1].erase("sources"); });
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("sources"), std::string::npos) << r.error().message;

  r = with_sites_edit([](json& s) { s["entries"][1]["setting"] = "somewhere"; });
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("setting"), std::string::npos) << r.error().message;

  r = with_sites_edit([](json& s) { s["context"][0]["id"] = "mons-mouton"; });  // an alias
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("duplicate id"), std::string::npos) << r.error().message;

  r = with_sites_edit([](json& s) { s["entries"][1]["aliases"] = json::array({"cabeus"}); });
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("alias 'cabeus'"), std::string::npos) << r.error().message;

  r = with_sites_edit([](json& s) { s["context"][0].erase("uncertainty_km"); });
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("uncertainty_km"), std::string::npos) << r.error().message;
}

TEST(MissionCatalogue, ParticipantsHaveLevelsAndDates) {
  auto cat = load_embedded_catalogue();
  ASSERT_TRUE(cat.ok());
  std::set<std::string> levels;
  for (const auto& p : cat->participants) levels.insert(p.level);
  for (const char* l : {"founder", "national", "applicant", "organisation", "sub-national"})
    EXPECT_EQ(levels.count(l), 1u) << l;
  for (const auto& p : cat->participants) {
    if (p.id == "venezuela") EXPECT_EQ(p.joined, "2023-07");
    if (p.id == "serbia") EXPECT_EQ(p.joined, "");  // date not known
  }
}

// Edits one payload of the embedded catalogue and returns the loader's verdict.
Result<Catalogue> with_payload_edit(const std::string& id, const std::string& field,
                                    const json& value) {
  const CatalogueTexts t = embedded_catalogue_texts();
  json p = json::parse(t.payloads);
  for (auto& e : p["entries"])
    if (e["id"] == id) {
      if (value.is_null())
        e.erase(field);
      else
        e[field] = value;
    }
  const std::string edited = p.dump();
  CatalogueTexts t2 = t;
  t2.payloads = edited;
  return load_catalogue(t2);
}

TEST(MissionCatalogue, BadEntryIsRejectedByName) {
  auto r = with_payload_edit("th-neutron-analyser", "mass_kg", -3);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("payloads.json"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("'th-neutron-analyser'"), std::string::npos);
  EXPECT_NE(r.error().message.find("mass_kg"), std::string::npos);

  r = with_payload_edit("it-laser-retroreflector", "sources", json::array({"nowhere"}));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("unknown source 'nowhere'"), std::string::npos);

  r = with_payload_edit("pk-suparco-rover", "assumed", json{{"colour", "a guess"}});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("'pk-suparco-rover'"), std::string::npos);

  r = with_payload_edit("ir-electric-potential", "constraints", json{{"needs_sunlight", true}});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("constraints"), std::string::npos);

  r = with_payload_edit("ir-electric-potential", "sources", nullptr);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("'ir-electric-potential'"), std::string::npos);
}

TEST(MissionCatalogue, DuplicateIdsAndDeepOrBrokenTextRejected) {
  const CatalogueTexts t = embedded_catalogue_texts();
  json s = json::parse(t.sites);
  s["entries"].push_back(s["entries"][0]);
  std::string dup = s.dump();
  CatalogueTexts t2 = t;
  t2.sites = dup;
  auto r = load_catalogue(t2);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("duplicate id"), std::string::npos) << r.error().message;

  std::string deep = std::string(100, '[') + std::string(100, ']');
  t2 = t;
  t2.rovers = deep;
  r = load_catalogue(t2);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("rovers.json"), std::string::npos);
  EXPECT_NE(r.error().message.find("deeper"), std::string::npos);

  t2 = t;
  t2.mission = "{\"kind\": \"mission\",";
  r = load_catalogue(t2);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("mission.json: not valid JSON"), std::string::npos);
  EXPECT_EQ(json_depth("{\"a\": \"[[[[\"}", 16), 1);
}

}  // namespace
}  // namespace ce8::mission

// The mission catalogue: the shipped files load (embedded and from CE8_ASSETS_DIR), agree with
// the terrain model's landing sites, and bad entries are rejected with the entry named.
#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <string>

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
  EXPECT_EQ(lb->assumed.count("lat_deg"), 1u);  // no published coordinates
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
      if (value.is_null()) e.erase(field);
      else e[field] = value;
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

// Classroom exercises: verdicts on constructed answers, the knapsack optimum, consistency with
// the operations scheduler.
#include <gtest/gtest.h>

#include <map>
#include <random>

#include "engine/ephemeris/site.hpp"
#include "engine/exercise/exercise.hpp"
#include "engine/payload/budget.hpp"
#include "engine/payload/operations.hpp"

namespace ce8::exercise {
namespace {

const mission::Catalogue& cat() {
  static const mission::Catalogue c = mission::load_embedded_catalogue().value();
  return c;
}

Answer base() {
  Answer a;
  a.from = time::parse_iso8601("2028-10-25T00:00:00Z").value();
  return a;
}

const Check* find(const Report& r, const std::string& name) {
  for (const auto& c : r.checks)
    if (c.name == name) return &c;
  return nullptr;
}

TEST(Exercise, ThreeListed) {
  ASSERT_GE(exercises().size(), 3u);
  Answer a = base();
  auto r = check_exercise("no-such", a, cat());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("unknown exercise 'no-such'"), std::string::npos);
}

TEST(Exercise, SiteChoicePassesExactlyForSitesNearTheBest) {
  auto stats = compare_sites(cat(), base().from, 29.53);
  ASSERT_TRUE(stats.ok()) << stats.error().message;
  ASSERT_EQ(stats->size(), cat().sites.size());
  double best = 0, best_dark = 1e9;
  for (const auto& s : *stats) {
    EXPECT_GE(s.sun_up_percent, 0.0);
    EXPECT_LE(s.both_percent, std::min(s.sun_up_percent, s.earth_percent) + 1e-9);
    best = std::max(best, s.both_percent);
    best_dark = std::min(best_dark, s.longest_dark_h);
  }
  int passed = 0;
  for (const auto& s : *stats) {
    Answer a = base();
    a.site_id = s.id;
    auto r = check_exercise("site-choice", a, cat());
    ASSERT_TRUE(r.ok()) << r.error().message;
    const bool expect = s.both_percent >= best - 5.0 || s.longest_dark_h <= best_dark * 1.5 + 1.0;
    EXPECT_EQ(r->passed, expect) << s.id;
    passed += r->passed;
    EXPECT_NE(r->to_markdown().find("(your pick)"), std::string::npos);
  }
  EXPECT_GE(passed, 1);  // the best site on either criterion passes
  Answer bad = base();
  bad.site_id = "atlantis";
  auto r = check_exercise("site-choice", bad, cat());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("'atlantis'"), std::string::npos);
}

// Terrain horizons (issue 13), window 2028-10-25 + 29.53 days. Measured on 768 x 400 m LOLA
// grids (tests/cli/test_scenario.py checks the numbers against `ce8 illumination --site`):
// Sun up 49.6% at Leibnitz Beta (flat 58.9%), 33% in Amundsen (59.0%), 10% in Cabeus (61.4%),
// 100% on the ridge (100%). Crater floors lose the Sun behind their rims; the ridge keeps it.
TEST(Exercise, SiteChoiceUsesTerrainHorizons) {
  auto stats = compare_sites(cat(), base().from, 29.53);
  ASSERT_TRUE(stats.ok()) << stats.error().message;
  std::map<std::string, SiteStats> by;
  for (const auto& s : *stats) by[s.id] = s;
  for (const char* crater : {"amundsen", "cabeus"}) {
    const SiteStats& s = by.at(crater);
    EXPECT_LT(s.sun_up_percent, s.flat_sun_up_percent - 20.0) << crater;
    EXPECT_GT(s.longest_dark_h, 300.0) << crater;  // more than 12 days of night
  }
  EXPECT_LT(by.at("cabeus").sun_up_percent, 15.0);  // a deep floor: lit a sixth as often
  const SiteStats& lb = by.at("leibnitz-beta");
  EXPECT_LT(lb.sun_up_percent, lb.flat_sun_up_percent);
  EXPECT_GT(lb.sun_up_percent, 35.0);
  const SiteStats& ridge = by.at("shackleton-de-gerlache-ridge");
  EXPECT_GT(ridge.sun_up_percent, 90.0);
  for (const auto& s : *stats) {
    if (s.id == ridge.id) continue;
    EXPECT_GT(ridge.sun_up_percent, s.sun_up_percent + 40.0) << s.id;
    EXPECT_GT(ridge.both_percent, s.both_percent) << s.id;
    EXPECT_LT(ridge.longest_dark_h, s.longest_dark_h) << s.id;
  }
  Answer a = base();
  a.site_id = "cabeus";
  auto r = check_exercise("site-choice", a, cat());
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->passed);  // in a crater's shadow: beaten on both criteria
  const std::string md = r->to_markdown();
  EXPECT_NE(md.find("terrain horizon"), std::string::npos);
  EXPECT_EQ(md.find("a high ridge does better in reality"), std::string::npos);
}

TEST(Exercise, ManifestOver200kgFailsNamingTheRule) {
  Answer a = base();
  for (const auto& p : cat().payloads) a.payload_ids.push_back(p.id);  // 212.5 kg
  auto r = check_exercise("manifest-200kg", a, cat());
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_FALSE(r->passed);
  const Check* mass = find(*r, "total-mass");
  ASSERT_NE(mass, nullptr);
  EXPECT_FALSE(mass->passed);
  EXPECT_NE(mass->detail.find("200 kg"), std::string::npos);
  EXPECT_NE(r->to_markdown().find("- [ ] total-mass"), std::string::npos);
  a.payload_ids.push_back("no-such-payload");
  auto bad = check_exercise("manifest-200kg", a, cat());
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("unknown payload id 'no-such-payload'"), std::string::npos);
}

TEST(Exercise, OptimumBeatsRandomValidManifestsAndPasses) {
  auto best = best_manifest(cat());
  ASSERT_TRUE(best.ok()) << best.error().message;
  EXPECT_LE(best->mass_kg, kExerciseMassKg);
  std::mt19937 rng(42);
  int valid = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    std::vector<std::string> ids;
    for (const auto& p : cat().payloads)
      if (rng() % 3 != 0) ids.push_back(p.id);
    auto s = score_manifest(ids, cat());
    ASSERT_TRUE(s.ok());
    if (!s->valid) continue;
    ++valid;
    EXPECT_LE(s->score, best->score + 1e-9);
  }
  EXPECT_GT(valid, 10);
  Answer a = base();
  a.payload_ids = best->payload_ids;
  auto r = check_exercise("manifest-200kg", a, cat());
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->passed) << r->to_markdown();
  // Dropping the optimum's highest-scoring payload must not find anything better elsewhere.
  a.payload_ids = {"it-laser-retroreflector"};
  auto small = check_exercise("manifest-200kg", a, cat());
  ASSERT_TRUE(small.ok());
  EXPECT_FALSE(small->passed);
  EXPECT_FALSE(find(*small, "science")->passed);
  EXPECT_TRUE(find(*small, "total-mass")->passed);
}

TEST(Exercise, NightAtLeibnitzBetaMatchesTheScheduler) {
  Answer a = base();
  a.site_id = "leibnitz-beta";
  a.days = 29.53;
  a.payload_ids = {"lander-seismometer", "lander-soft-xray-telescope", "lander-ecosystem",
                   "ru-plasma-dust",     "th-neutron-analyser",        "lander-isru"};
  auto r = check_exercise("survive-night", a, cat());
  ASSERT_TRUE(r.ok()) << r.error().message;
  // The same run straight through the scheduler.
  const auto* site = cat().find_site("leibnitz-beta");
  auto geo = ephemeris::make_site_deg(site->lat_deg, site->lon_deg, 0.0).value();
  const auto until = time::add_seconds(a.from, a.days * 86400.0);
  auto vis = payload::flat_horizon_visibility(geo, a.from, until).value();
  auto s =
      payload::simulate_operations(cat(), payload::Manifest{"", a.payload_ids}, a.from, until, vis);
  ASSERT_TRUE(s.ok());
  bool any_lost = false;
  std::string first_lost;
  for (const auto& p : s->payloads)
    if (p.lost && !any_lost) any_lost = true, first_lost = p.id;
  EXPECT_EQ(find(*r, "no-payload-lost")->passed, !any_lost);
  EXPECT_EQ(r->passed, !any_lost && find(*r, "battery")->passed);
  if (any_lost) {
    EXPECT_NE(find(*r, "no-payload-lost")->detail.find(first_lost), std::string::npos);
  }
  EXPECT_NE(find(*r, "battery")->detail.find("battery minimum"), std::string::npos);
  // A single retroreflector (no power at all) always survives.
  a.payload_ids = {"it-laser-retroreflector"};
  auto easy = check_exercise("survive-night", a, cat());
  ASSERT_TRUE(easy.ok());
  EXPECT_TRUE(find(*easy, "no-payload-lost")->passed);
  a.payload_ids = {};
  EXPECT_FALSE(check_exercise("survive-night", a, cat()).ok());
  a.payload_ids = {"it-laser-retroreflector"};
  a.days = 45;
  auto longw = check_exercise("survive-night", a, cat());
  ASSERT_FALSE(longw.ok());
  EXPECT_NE(longw.error().message.find("window"), std::string::npos);
}

TEST(Exercise, ReportsExport) {
  Answer a = base();
  a.payload_ids = {"it-laser-retroreflector", "pk-suparco-rover"};
  auto r = check_exercise("manifest-200kg", a, cat());
  ASSERT_TRUE(r.ok());
  const std::string md = r->to_markdown();
  EXPECT_NE(md.find("# Fit a 200 kg manifest"), std::string::npos);
  EXPECT_NE(md.find("| Payload | Mass (kg) | Science score |"), std::string::npos);
  const std::string js = r->to_json();
  EXPECT_NE(js.find("\"exercise\": \"manifest-200kg\""), std::string::npos);
  EXPECT_NE(js.find("\"passed\": false"), std::string::npos);
}

}  // namespace
}  // namespace ce8::exercise

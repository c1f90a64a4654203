// Manifests and budgets: parsing rejects what it must, the rules trip exactly at their limits.
#include <gtest/gtest.h>

#include "engine/mission/catalogue.hpp"
#include "engine/payload/budget.hpp"

namespace ce8::payload {
namespace {

const mission::Catalogue& cat() {
  static const mission::Catalogue c = mission::load_embedded_catalogue().value();
  return c;
}

bool has_rule(const BudgetReport& r, const std::string& rule) {
  for (const auto& v : r.violations)
    if (v.rule == rule) return true;
  return false;
}

TEST(PayloadManifest, ParsesAndRoundTrips) {
  auto m = parse_manifest(
      R"({"name": "two rovers", "payloads": ["pk-suparco-rover", "tr-metu-microrovers"]})", cat());
  ASSERT_TRUE(m.ok()) << m.error().message;
  EXPECT_EQ(m->payload_ids.size(), 2u);
  auto back = parse_manifest(manifest_to_json(*m), cat());
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->payload_ids, m->payload_ids);
  EXPECT_EQ(back->name, "two rovers");
}

TEST(PayloadManifest, RejectsBadInput) {
  auto r = parse_manifest(R"({"payloads": ["pk-suparco-rover", "moon-cannon"]})", cat());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("unknown payload id 'moon-cannon'"), std::string::npos);
  r = parse_manifest(R"({"payloads": ["pk-suparco-rover", "pk-suparco-rover"]})", cat());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("listed twice"), std::string::npos);
  EXPECT_FALSE(parse_manifest("{\"payloads\": [", cat()).ok());
  EXPECT_FALSE(parse_manifest("[]", cat()).ok());
  EXPECT_FALSE(parse_manifest(R"({"payload": []})", cat()).ok());
  EXPECT_FALSE(parse_manifest(R"({"payloads": [1]})", cat()).ok());
  r = parse_manifest(R"({"payloads": [], "name": [[[[["x"]]]]]})", cat());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("deeper"), std::string::npos);
  r = parse_manifest(std::string(kMaxManifestBytes + 1, ' '), cat());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("larger"), std::string::npos);
}

TEST(PayloadBudget, SelectedTenFitAndTotalsAdd) {
  Manifest m;
  double mass = 0.0;
  for (const auto& p : cat().payloads)
    if (p.international()) {
      m.payload_ids.push_back(p.id);
      mass += p.mass_kg;
    }
  const BudgetReport r = evaluate_budget(m, cat());
  EXPECT_TRUE(r.within_budget());
  EXPECT_DOUBLE_EQ(r.totals.international_mass_kg, mass);
  EXPECT_EQ(r.totals.international_count, 10);
  EXPECT_LE(r.totals.international_mass_kg, 200.0);
}

TEST(PayloadBudget, MassRulesTripAtTheirLimits) {
  mission::Catalogue c = cat();
  // Make the Hong Kong robot 100 kg: exactly at the single-payload limit (allowed) ...
  for (auto& p : c.payloads)
    if (p.id == "hk-multifunction-robot") p.mass_kg = 100.0;
  Manifest m{"", {"hk-multifunction-robot"}};
  EXPECT_TRUE(evaluate_budget(m, c).within_budget());
  // ... and just over it (violated, naming the payload).
  for (auto& p : c.payloads)
    if (p.id == "hk-multifunction-robot") p.mass_kg = 100.5;
  BudgetReport r = evaluate_budget(m, c);
  ASSERT_FALSE(r.within_budget());
  EXPECT_TRUE(has_rule(r, "single-payload-mass"));
  EXPECT_EQ(r.violations[0].payload_id, "hk-multifunction-robot");
  EXPECT_FALSE(has_rule(r, "international-mass"));
  // Three heavy payloads: over the 200 kg allocation.
  for (auto& p : c.payloads)
    if (p.id == "pk-suparco-rover" || p.id == "hk-multifunction-robot") p.mass_kg = 90.0;
  for (auto& p : c.payloads)
    if (p.id == "za-radio-astronomy") p.mass_kg = 25.0;
  m.payload_ids = {"hk-multifunction-robot", "pk-suparco-rover", "za-radio-astronomy"};
  r = evaluate_budget(m, c);
  EXPECT_TRUE(has_rule(r, "international-mass"));
  EXPECT_FALSE(has_rule(r, "single-payload-mass"));
  EXPECT_DOUBLE_EQ(r.totals.international_mass_kg, 205.0);
}

TEST(PayloadBudget, LanderPayloadsDoNotCountAgainstAllocation) {
  Manifest m{"", {"lander-isru", "lander-seismometer"}};
  const BudgetReport r = evaluate_budget(m, cat());
  EXPECT_EQ(r.totals.international_mass_kg, 0.0);
  EXPECT_GT(r.totals.mass_kg, 0.0);
  EXPECT_DOUBLE_EQ(r.totals.lander_power_w, cat().find_payload("lander-isru")->power_w +
                                                cat().find_payload("lander-seismometer")->power_w);
}

TEST(PayloadBudget, EverythingBreaksTheDataRule) {
  Manifest m;
  for (const auto& p : cat().payloads) m.payload_ids.push_back(p.id);
  const BudgetReport r = evaluate_budget(m, cat());
  EXPECT_TRUE(has_rule(r, "data-volume"));
  for (const auto& v : r.violations)
    if (v.rule == "data-volume") EXPECT_TRUE(v.limit_assumed);
}

}  // namespace
}  // namespace ce8::payload

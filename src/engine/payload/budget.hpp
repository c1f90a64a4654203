// Budgets of a manifest against the mission's rules (assets/mission.json "budget"):
//   international-mass   international payloads together within the 200 kg allocation
//   single-payload-mass  no international payload over 100 kg
//   lander-power         the lander-powered payloads, all operating at once, within the power
//                        the lander gives its payloads (project assumption)
//   data-volume          the data all payloads make in a day at their planned hours, within what
//                        the link returns per day (project assumption)
#pragma once

#include <string>
#include <vector>

#include "engine/payload/manifest.hpp"

namespace ce8::payload {

struct RuleViolation {
  std::string rule;        // "international-mass", ...
  std::string payload_id;  // for per-payload rules, else empty
  double value = 0.0;
  double limit = 0.0;
  bool limit_assumed = false;  // the limit is a project assumption, not a published rule
  std::string message;         // one line for people
};

struct BudgetTotals {
  int payload_count = 0;
  int international_count = 0;
  double mass_kg = 0.0;                // everything in the manifest
  double international_mass_kg = 0.0;  // counts against the allocation
  double lander_power_w = 0.0;         // operating power of lander-powered payloads, all on
  double standby_power_w = 0.0;        // their keep-alive power
  double own_power_w = 0.0;            // operating power of self-powered payloads (rovers)
  double data_mb_per_day = 0.0;        // at each payload's planned hours per day
};

struct BudgetReport {
  BudgetTotals totals;
  mission::BudgetRules rules;
  std::vector<RuleViolation> violations;
  bool within_budget() const { return violations.empty(); }
};

BudgetReport evaluate_budget(const Manifest& manifest, const mission::Catalogue& catalogue);

// Data volume in MB (10^6 bytes) of `hours` at `kbps` (kilobits per second).
inline double data_mb(double kbps, double hours) { return kbps * hours * 3600.0 / 8.0 / 1000.0; }

}  // namespace ce8::payload

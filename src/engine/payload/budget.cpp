#include "engine/payload/budget.hpp"

#include <cstdio>

namespace ce8::payload {
namespace {
std::string fmt(const char* f, double a, double b) {
  char buf[160];
  std::snprintf(buf, sizeof buf, f, a, b);
  return buf;
}
}  // namespace

BudgetReport evaluate_budget(const Manifest& manifest, const mission::Catalogue& catalogue) {
  BudgetReport r;
  r.rules = catalogue.budget;
  BudgetTotals& t = r.totals;
  for (const mission::Payload* p : resolve(manifest, catalogue)) {
    ++t.payload_count;
    t.mass_kg += p->mass_kg;
    if (p->international()) {
      ++t.international_count;
      t.international_mass_kg += p->mass_kg;
      if (p->mass_kg > r.rules.max_single_payload_kg)
        r.violations.push_back(
            {"single-payload-mass", p->id, p->mass_kg, r.rules.max_single_payload_kg, false,
             p->name +
                 fmt(": %.1f kg, more than the %.0f kg any one international payload may have",
                     p->mass_kg, r.rules.max_single_payload_kg)});
    }
    if (p->powered_by_lander) {
      t.lander_power_w += p->power_w;
      t.standby_power_w += p->standby_w;
    } else {
      t.own_power_w += p->power_w;
    }
    t.data_mb_per_day += data_mb(p->data_kbps, p->hours_per_day);
  }
  if (t.international_mass_kg > r.rules.international_allocation_kg)
    r.violations.push_back({"international-mass", "", t.international_mass_kg,
                            r.rules.international_allocation_kg, false,
                            fmt("international payloads weigh %.1f kg, over the %.0f kg allocation",
                                t.international_mass_kg, r.rules.international_allocation_kg)});
  if (t.lander_power_w > r.rules.payload_power_w)
    r.violations.push_back(
        {"lander-power", "", t.lander_power_w, r.rules.payload_power_w, true,
         fmt("lander-powered payloads draw %.0f W all at once, over the %.0f W for payloads",
             t.lander_power_w, r.rules.payload_power_w)});
  if (t.data_mb_per_day > r.rules.payload_data_mb_per_day)
    r.violations.push_back({"data-volume", "", t.data_mb_per_day, r.rules.payload_data_mb_per_day,
                            true,
                            fmt("payloads make %.0f MB a day, over the %.0f MB the link returns",
                                t.data_mb_per_day, r.rules.payload_data_mb_per_day)});
  return r;
}

}  // namespace ce8::payload

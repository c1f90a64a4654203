// The mission catalogue: ILRS participants, Chang'e-8 facts and budgets, candidate landing
// sites, payloads and rovers, loaded from the JSON texts of assets/ (one file per kind).
//
// Every entry carries its sources (ids into the file's "sources" table) and an `assumed` map
// from field name to the basis of a value the project chose. The loader makes the same checks
// as the build's schema check (assets/validate_catalogue.py) and names the bad entry.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/result.hpp"
#include "engine/mission/embedded.hpp"

namespace ce8::mission {

// Limits on catalogue text (checked before parsing).
inline constexpr std::size_t kMaxCatalogueBytes = 1u << 20;  // per file
inline constexpr int kMaxCatalogueDepth = 16;                // nesting of arrays/objects

using Sources = std::vector<std::string>;            // ids of the file's sources table
using Assumed = std::map<std::string, std::string>;  // field -> basis

struct Participant {
  std::string id, name, level, country, region;
  std::string joined;  // "YYYY-MM", or empty where no date is known
  std::string note;
  std::vector<std::string> change7, change8;  // contributions
  Sources sources;
  Assumed assumed;
};

struct Level {
  std::string id, name;
};

struct Fact {
  std::string id, text;
  Sources sources;
};

struct BudgetRules {
  double international_allocation_kg = 200.0;
  double max_single_payload_kg = 100.0;
  double payload_power_w = 300.0;
  double payload_data_mb_per_day = 8000.0;  // data volume returned per 24 h
  Assumed assumed;
};

struct LanderPower {
  double solar_peak_w = 600.0;
  double battery_wh = 3000.0;
  double battery_floor_fraction = 0.3;
  double battery_start_fraction = 1.0;
  double platform_w = 80.0;
  Assumed assumed;
};

// What a site's description claims about the ground there (sites.json "setting"), so that a test
// can hold each site against real terrain.
inline constexpr const char* kSiteSettings[] = {"plateau", "summit", "massif", "peak",
                                                "ridge",   "rim",    "plain",  "crater-floor"};
// sites.json "mission" of Chang'e-8's own candidate sites; context sites name another mission.
inline constexpr const char* kChange8Mission = "change-8";

struct LandingSite {
  std::string id, name, description, terrain;
  std::string mission;               // "change-8", or the other mission ("artemis-iii", "im-2")
  std::string setting;               // one of kSiteSettings
  std::vector<std::string> aliases;  // other ids that name the same site ("mons-mouton")
  double lat_deg = 0.0, lon_deg = 0.0;
  double uncertainty_km = 0.0;  // context sites: how far the real region may be from the point
  Sources sources;
  Assumed assumed;
};

struct Constraints {
  bool needs_sunlight = false;
  bool needs_earth_in_view = false;
  bool needs_quiet = false;
  bool must_not_see_sun = false;
  bool must_survive_night = false;
};

struct Payload {
  std::string id, name, owner, carrier, kind, description;
  double mass_kg = 0.0;
  double power_w = 0.0;           // while operating
  double standby_w = 0.0;         // keep-alive / survival heating while not operating
  double data_kbps = 0.0;         // while operating
  double hours_per_day = 0.0;     // operation wanted per 24 h
  bool powered_by_lander = true;  // false: own solar power (rovers, robot)
  bool noisy = false;             // disturbs a needs_quiet payload while operating
  Constraints constraints;
  Sources sources;
  Assumed assumed;
  bool international() const { return carrier == "international"; }
};

struct Rover {
  std::string id, name, owner;
  double mass_kg = 0.0, solar_w = 0.0, speed_m_per_h = 0.0;
  int wheels = 0;
  std::vector<std::string> payload_ids;
  Sources sources;
  Assumed assumed;
};

struct Catalogue {
  std::vector<Level> levels;
  std::vector<Participant> participants;
  std::vector<Fact> facts;
  BudgetRules budget;
  LanderPower lander_power;
  std::vector<LandingSite> sites;          // Chang'e-8's candidate landing sites only
  std::vector<LandingSite> context_sites;  // other missions' sites (sites.json "context")
  std::vector<std::string> carriers;       // "lander", "chinese-rover", "international"
  std::vector<Payload> payloads;
  std::vector<Rover> rovers;
  // Each file's sources table: kind -> (id -> description).
  std::map<std::string, std::map<std::string, std::string>> sources;

  const Payload* find_payload(std::string_view id) const;
  // A Chang'e-8 site by id or alias ("leibnitz-beta" and "mons-mouton" are the same site); never
  // a context site.
  const LandingSite* find_site(std::string_view id) const;
  const LandingSite* find_context_site(std::string_view id) const;
};

// Parses and checks the five texts. Errors name the file and the entry:
// "payloads.json: entry 'pk-suparco-rover': mass_kg must be a number in [0.001, 10000]".
Result<Catalogue> load_catalogue(const CatalogueTexts& texts);
// The catalogue the build embedded (checked at build time; loading it cannot fail unless the
// loader and the build's check disagree, which the engine tests guard).
Result<Catalogue> load_embedded_catalogue();

// Depth of array/object nesting in JSON text (strings skipped), for the limits above; returns
// max_depth + 1 as soon as the limit is passed.
int json_depth(std::string_view text, int max_depth);

// File names of the catalogue kinds, in order: participants, mission, sites, payloads, rovers.
inline constexpr const char* kCatalogueKinds[] = {"participants", "mission", "sites", "payloads",
                                                  "rovers"};

}  // namespace ce8::mission

// Classroom exercises (docs/classroom.md): a goal, an answer, a check the engine makes and
// explains, and a report students can print or export (Markdown or JSON).
//   site-choice     choose a landing site and justify it with numbers (Sun and Earth over a
//                   lunar day at the four candidate sites, each seen from its terrain
//                   horizon on the built-in LOLA Moon, ephemeris)
//   manifest-200kg  fit a manifest in 200 kg that maximises science (budget rules; the best
//                   possible score found by exhaustive search over the catalogue)
//   survive-night   keep the lander's payloads alive through a lunar day and night
//                   (payload::simulate_operations at the site, from the start time)
#pragma once

#include <string>
#include <vector>

#include "engine/core/result.hpp"
#include "engine/mission/catalogue.hpp"
#include "engine/time/time.hpp"

namespace ce8::exercise {

struct ExerciseInfo {
  const char* id;
  const char* title;
  const char* goal;
};
const std::vector<ExerciseInfo>& exercises();

// What a student answers (each exercise reads the fields it needs).
struct Answer {
  std::string site_id;  // catalogue site id, or "" to use lat/lon
  double lat_deg = -86.3, lon_deg = 38.0;
  std::vector<std::string> payload_ids;  // the manifest
  time::Instant from;                    // start of the window
  double days = 29.53;                   // window length (site-choice, survive-night), <= 30
};

struct Check {
  std::string name;
  bool passed = false;
  std::string detail;    // one line with the numbers
  bool required = true;  // false: shown for the explanation, the verdict does not need it
};

struct Report {
  std::string exercise_id, title, goal;
  bool passed = false;
  std::vector<Check> checks;
  std::vector<std::string> table;  // Markdown table lines (may be empty)
  std::vector<std::string> notes;  // explanations and assumptions
  std::string to_markdown() const;
  std::string to_json() const;
};

Result<Report> check_exercise(const std::string& id, const Answer& answer,
                              const mission::Catalogue& catalogue);

// --- site-choice ---
// The terrain around each candidate site: a DEM of kSiteDemCells^2 cells of kSiteDemCellM
// (307 km square) from terrain::LolaTerrain::builtin(), centred on the site, so ridges up to
// about 150 km away count; the site's horizon by ray marching in kSiteDirections directions
// from kSiteObserverM above the ground (illumination::site_time_series, as
// `ce8 illumination --site`); beyond the DEM's edge a smooth sphere at the site's height.
inline constexpr int kSiteDemCells = 768;
inline constexpr double kSiteDemCellM = 400.0;
inline constexpr int kSiteDirections = 360;
inline constexpr double kSiteObserverM = 2.0;

struct SiteStats {
  std::string id, name;
  double lat_deg = 0, lon_deg = 0;
  // Over the terrain horizon: Sun up = some of its disk visible; Earth in view = its centre
  // above the horizon (topocentric).
  double sun_up_percent = 0, earth_percent = 0, both_percent = 0;
  double mean_sun_el_deg = 0, max_sun_el_deg = 0, longest_dark_h = 0;
  double flat_sun_up_percent = 0;  // the same over a flat local horizon, for comparison
};
// Instants: from, from + 1 h, ... (floor(days * 24) of them, at least 1).
Result<std::vector<SiteStats>> compare_sites(const mission::Catalogue& catalogue,
                                             const time::Instant& from, double days);

// --- manifest-200kg ---
inline constexpr double kExerciseMassKg = 200.0;
// Assumed science value of a payload, 1..10 (docs/classroom.md gives the basis).
double science_score(const mission::Payload& p);
struct Optimum {
  std::vector<std::string> payload_ids;
  double score = 0, mass_kg = 0;
};
// Best total score over every subset of the catalogue's payloads that passes the exercise's
// rules (total mass <= 200 kg and every budget rule). Exhaustive (2^n, n <= 24).
Result<Optimum> best_manifest(const mission::Catalogue& catalogue);
// Score of a manifest and whether it passes the exercise's rules (errors: unknown ids).
struct ManifestScore {
  double score = 0, mass_kg = 0;
  bool valid = false;
};
Result<ManifestScore> score_manifest(const std::vector<std::string>& ids,
                                     const mission::Catalogue& catalogue);

}  // namespace ce8::exercise

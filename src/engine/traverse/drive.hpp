// Drive simulation along a planned path through time (issue 6).
//
// The rover starts at the first path point at `start` with `initial_soc` and drives edge by
// edge at the speed the cost map gives, in steps of at most `step_s`. At every step it knows
// its position, heading, along/cross slope, the Sun's and the Earth's direction (SkyTable), the
// local horizon toward each at mast height (from a HorizonMap of the DEM when given, else by
// ray marching at the point, cached per cell), hence the visible fraction of the solar disk and
// whether the Earth (direct-to-Earth rovers) or the lander (via-lander rovers: line of sight
// between the two mast/antenna heights over the DEM) is in view.
//   power in  = solar constant x panel area x efficiency x visible fraction x cos(incidence)+
//               (incidence from the panel mount: fixed vertical panels face heading+facing;
//               parked rovers turn the panel to the Sun, an assumption stated in the docs)
//   power out = idle + survival (when the visible fraction is 0) + comm (when the link is up)
//               + instruments (at stops); while moving, idle + driving is replaced by the
//               edge's mean power from the cost map (CostMap::edge_metrics energy / time:
//               idle + driving + climbing work), so plans and drives count the same energy
// The battery integrates (power in - power out) and is capped at capacity; energy in counts
// only what the battery could take (the rest is curtailed and reported), so
//   energy_in_wh - energy_out_wh == (final - initial) stored energy   (to rounding)
// holds exactly (a test pins it).
// Policy when waiting is allowed: when the next step would take the charge below the floor the
// rover parks where it is and waits (charging if lit, panel turned to the Sun) until the charge
// is back to floor + `resume_margin` (or the battery is full); with `prefer_comm` it also waits
// for the link before leaving a stop. A wait that drains the battery to the floor (darkness)
// makes the drive infeasible. The drive is infeasible
// (feasible = false, reason names time, place and cause) when the charge would fall below the
// floor and waiting cannot help (no sunlight within `max_wait_s`), or the whole drive exceeds
// `max_duration_s`.
#pragma once

#include <string>
#include <vector>

#include "engine/core/result.hpp"
#include "engine/ephemeris/sky_table.hpp"
#include "engine/illumination/horizon.hpp"
#include "engine/terrain/dem.hpp"
#include "engine/time/time.hpp"
#include "engine/traverse/cost_map.hpp"
#include "engine/traverse/planner.hpp"

namespace ce8::traverse {

struct DriveOptions {
  time::Instant start;
  double step_s = 600.0;      // largest simulation step
  double initial_soc = 1.0;   // 0..1
  bool allow_waiting = true;  // park and charge / wait for the Sun
  bool prefer_comm = false;   // leave stops only with the link up
  double max_wait_s = 15 * 86400.0;
  double max_duration_s = 60 * 86400.0;
  double stop_dwell_s = 0.0;  // time spent at each stop (instruments on)
  terrain::MapXy lander_xy;   // for kViaLander links (default: the first path point)
  bool lander_given = false;
  double lander_antenna_m = 3.0;  // assumption: lander antenna height above ground
  double resume_margin = 0.2;     // a wait for charge ends at floor + this fraction of capacity
  int horizon_directions = 64;    // ray-marched horizons (no HorizonMap given)
};

// Panel model shared by simulate_drive and plan_timed. Cosine of the Sun's incidence on the
// panel (0 when the Sun is behind it): horizontal panels sin(el); Sun-tracking panels 1 while
// el > -90°; fixed vertical panels cos(el) cos(sun_az - (heading + facing)); a parked rover
// (`parked`) turns a fixed vertical panel to the Sun: cos(el). Azimuths in any one convention
// (both grid or both geographic), radians.
double panel_cos_incidence(const RoverModel& rover, double sun_el_rad, double sun_az_rad,
                           double heading_rad, bool parked);
// Electrical power from the panel: kSolarConstantWm2 x area x efficiency x fraction x cos.
double panel_power_w(const RoverModel& rover, double sun_visible_fraction, double cos_incidence);

enum class DriveMode { kDriving, kWaiting, kAtStop, kDone };
const char* drive_mode_name(DriveMode m);

struct DriveSample {
  double tt_s = 0.0;     // TT seconds since J2000
  std::string time_utc;  // ISO 8601
  double lat_deg = 0.0, lon_deg = 0.0;
  terrain::MapXy xy;
  double height_m = 0.0;
  double heading_deg = 0.0;  // geographic, clockwise from north
  double speed_m_s = 0.0;
  double slope_deg = 0.0;  // along-track, positive uphill
  double sun_el_deg = 0.0, sun_incidence_deg = 0.0, sun_visible_fraction = 0.0;
  double earth_el_deg = 0.0;
  bool earth_visible = false, lander_visible = false, link_up = false;
  double power_in_w = 0.0, power_out_w = 0.0;
  double soc = 0.0;         // 0..1
  double distance_m = 0.0;  // driven so far
  DriveMode mode = DriveMode::kDriving;
};

struct DriveTotals {
  double distance_m = 0.0, duration_h = 0.0;
  double energy_in_wh = 0.0, energy_out_wh = 0.0, curtailed_wh = 0.0;
  double initial_energy_wh = 0.0, final_energy_wh = 0.0;
  double min_soc = 1.0;
  double waiting_h = 0.0, link_up_fraction = 0.0;
  bool feasible = true;
  std::string reason;      // "" when feasible, else one line: when, where and why it stopped
  std::string suggestion;  // "" or one line: what would work (traverse::suggest_fix)
};

struct DriveResult {
  std::vector<DriveSample> timeline;
  DriveTotals totals;
};

// The sky table must cover [start, start + max_duration_s] (else an error names the window).
// `horizon` may be null (ray marching per visited cell) or a map of this DEM.
Result<DriveResult> simulate_drive(const terrain::Dem& dem, const CostMap& costs,
                                   const illumination::HorizonMap* horizon,
                                   const ephemeris::SkyTable& sky, const Plan& plan,
                                   const DriveOptions& options);
// The same, resumable: about 4 work units per simulation step (256 per ray-marched horizon)
// charged to `clock` (may be null). The arguments must outlive the task.
jobs::Task<Result<DriveResult>> simulate_drive_sliced(const terrain::Dem& dem, const CostMap& costs,
                                                      const illumination::HorizonMap* horizon,
                                                      const ephemeris::SkyTable& sky,
                                                      const Plan& plan, const DriveOptions& options,
                                                      jobs::SliceClock* clock);

// JSON with path, timeline and totals, as `ce8 traverse --out` writes it (field names as in
// issue 6), and the timeline as CSV (header line first).
std::string drive_to_json(const Plan& plan, const DriveResult& drive, const RoverModel& rover,
                          Objective objective);
std::string timeline_to_csv(const DriveResult& drive);

}  // namespace ce8::traverse

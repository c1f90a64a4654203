// Reading a simulated drive at any instant (the Traverse panel's readout and plots, the app's
// rover marker): linear interpolation between the drive simulation's samples.
#pragma once

#include <vector>

#include "engine/traverse/drive.hpp"

namespace ce8::ui {

struct DriveState {
  traverse::DriveSample sample;  // interpolated position, charge and power; flags of the
                                 // sample at or before the instant
  double heading_map_rad = 0.0;  // direction of travel on the map (atan2(dy, dx)), last motion
  double fraction = 0.0;         // 0..1 of the drive's duration
  std::size_t index = 0;         // the sample at or before the instant
};

// The drive's state at `tt_s` (TT seconds since J2000), clamped to its first and last sample.
// The timeline must not be empty.
DriveState drive_state_at(const traverse::DriveResult& drive, double tt_s);

// The drive's time span (first and last sample), TT seconds since J2000.
inline double drive_start_tt(const traverse::DriveResult& d) {
  return d.timeline.empty() ? 0.0 : d.timeline.front().tt_s;
}
inline double drive_end_tt(const traverse::DriveResult& d) {
  return d.timeline.empty() ? 0.0 : d.timeline.back().tt_s;
}

}  // namespace ce8::ui

// A planned and simulated rover drive as the explorer shows it: the plan, the drive along it,
// the rover model and the choices it was planned with. Held by the session (one owner), read by
// the Traverse panel, the drawing, playback, exports and the page's status.
#pragma once

#include <string>

#include "engine/traverse/drive.hpp"
#include "engine/traverse/planner.hpp"
#include "engine/traverse/rover.hpp"

namespace ce8::traverse {

struct TraverseResult {
  RoverModel rover;  // the model as planned (with the user's edits)
  Objective objective = Objective::kTime;
  bool time_aware = false;
  Plan plan;
  DriveResult drive;
  std::string grid;         // "20 m local tile (512 x 512)" or "450 m regional grid"
  double planning_s = 0.0;  // wall time of the whole request
};

}  // namespace ce8::traverse

// Rover traverses in the explorer: plans the Traverse panel's requests with the engine
// (traverse/: cost map, A* or the time-aware planner, drive simulation) and draws the result over
// the 3D view: the path draped on the terrain, the lander and goal pins, the rover at the
// simulation clock's instant as a small 3D model lit by the renderer's Sun, with its shadow cast
// away from that Sun.
//
// Planning never freezes the page: the request is the engine's traverse::TraverseJob (the
// pipeline `ce8 traverse` runs, traverse/request.hpp); natively it runs on a worker thread
// (progress, cancel); in the single-threaded WebAssembly build it runs in slices of at most 16 ms
// (sky table, cost map, path search, drive simulation resume where they paused), between frames
// too (the page's job pump), each bounded by the planning budget.
// The grid: the 20 m local tile when every stop lies on it (fly to the site first), else the
// regional 450 m terrain.
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <glm/vec3.hpp>
#include <nlohmann/json.hpp>

#include "app/labels.hpp"
#include "engine/ephemeris/sky_table.hpp"
#include "engine/jobs/background.hpp"
#include "engine/terrain/dem.hpp"
#include "engine/traverse/cost_map.hpp"
#include "engine/traverse/drive.hpp"
#include "engine/traverse/planner.hpp"
#include "ui/traverse_playback.hpp"
#include "ui/ui.hpp"

struct ImDrawList;

namespace ce8::app {

class TraverseView {
 public:
  TraverseView() = default;
  ~TraverseView();
  TraverseView(const TraverseView&) = delete;
  TraverseView& operator=(const TraverseView&) = delete;

  // Once per frame after the UI: starts, steps or cancels planning, fills model.traverse, saves
  // or downloads an export the panel asked for. `tile` may be null (no local tile).
  void update(const terrain::Dem& regional, const terrain::Dem* tile, ui::UiModel& model,
              double now_s);
  // Draws the path, the stops and the rover (`sun_world`: toward the Sun, terrain world frame, as
  // the renderer lights the terrain). Call between ImGui::NewFrame and ImGui::Render.
  void draw(ImDrawList* list, const LabelView& view, const ui::UiModel& model,
            const glm::vec3& sun_world);
  // A one-line JSON summary for the page's status object (tests); changes when anything shown
  // changes.
  nlohmann::json status(const ui::UiModel& model) const;

  struct Job;  // one planning request in flight (traverse_view.cpp)

 private:
  void start(const terrain::Dem& regional, const terrain::Dem* tile, ui::UiModel& m, double now_s);
  void finish(ui::UiModel& m);
  void draw_rover(ImDrawList* list, const LabelView& view, const ui::TraverseResult& result,
                  const ui::DriveState& state, const glm::vec3& sun_world);

  std::shared_ptr<Job> job_;
  // The last request's stages (sky table, cost map or time-aware plan, path search, drive
  // simulation), milliseconds: in the browser each is one frame.
  double stage_ms_[4] = {0, 0, 0, 0};
  // Where the rover was last drawn (status for tests).
  struct Marker {
    bool shown = false, on_screen = false;
    double lat_deg = 0.0, lon_deg = 0.0, x_m = 0.0, y_m = 0.0;
    float screen_x = 0.0f, screen_y = 0.0f;
    float scale = 1.0f;  // drawn this many times its true size
  } marker_;
};

}  // namespace ce8::app

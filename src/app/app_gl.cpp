// Recovery: a lost GL context made again (WebGL can lose it: a GPU reset, too many contexts,
// a driver update) and the session as text for the page's saved session. Everything here is
// platform-independent; the browser's callbacks and exports are in platform_web.cpp.
#include <imgui.h>

#include <glm/trigonometric.hpp>

#include "app/app.hpp"
#include "app/platform.hpp"
#include "engine/scenario/scenario.hpp"
#include "ui/scenario_bridge.hpp"

namespace ce8::app {

void App::gl_context_lost() {
  if (gl_lost_) return;
  gl_lost_ = true;
  platform::on_notice("The graphics context was lost; waiting for it to come back");
}

bool App::gl_context_restored() {
  if (!gl_lost_) return true;
  // The old objects belong to the lost context: forget them, then make everything again from
  // what the app keeps in memory. Nothing else (session, terrain, jobs) changes.
  dem_renderer_.release_gl();
  tile_renderer_.release_gl();
  sky_view_.release_gl();
  scene_target_.release_gl();
  std::string error;
  panel_renderer_.release_gl();
  if (imgui_ready_ && !panel_renderer_.init(error)) {  // program, buffers and font texture
    fail("could not restore the panels after the graphics context was lost: " + error);
    return false;
  }
  if (phase_ != Phase::kCreateWindow) {
    if (!dem_renderer_.create_gl(error) || !tile_renderer_.create_gl(error) ||
        !sky_view_.init(error) || !scene_target_.init(error)) {
      fail("could not restore the graphics after the context was lost: " + error);
      return false;
    }
  }
  gl_lost_ = false;
  drawn_scene_key_ = drawn_panels_key_ = 0;  // draw everything again
  platform::on_notice("The graphics context was restored");
  return true;
}

std::string App::capture_session_json() const {
  const render::OrbitPose& p = camera_.goal();
  const ui::CameraPose pose{p.target_m.x, p.target_m.y, p.distance_m, glm::degrees(p.yaw_rad),
                            glm::degrees(p.pitch_rad)};
  return scenario::scenario_to_json(ui::capture_scenario(ui_, pose));
}

nlohmann::json App::apply_session_json(std::string_view text) {
  if (phase_ != Phase::kRunning) return {{"ok", false}, {"error", "the explorer has not started"}};
  if (auto st = ui::load_scenario_text(text, ui_); !st)
    return {{"ok", false}, {"error", st.error().message}};
  return {{"ok", true}};
}

}  // namespace ce8::app

// Labels over the 3D view: the named craters and relief of the built-in model and the landing
// sites, projected to the screen each frame and drawn with Dear ImGui's background draw list
// (over the terrain, under the panels). Landing sites get gold pins, the map click a cyan one.
// Clutter: labels behind the camera, off screen or hidden by the terrain (a ray march over the
// DEM toward the eye) are skipped; craters are named only when they look larger than ~36 px;
// a label that would overlap one already placed is dropped (sites first, then relief, then
// craters from the largest down); far labels fade.
#pragma once

#include <optional>

#include <imgui.h>

#include <glm/mat4x4.hpp>
#include <glm/vec3.hpp>

#include "engine/terrain/dem.hpp"
#include "ui/ui.hpp"

namespace ce8::app {

struct LabelView {
  glm::mat4 view_proj{1.0f};
  glm::vec3 eye_m{0.0f};
  float screen_w = 1.0f, screen_h = 1.0f;  // ImGui display size (window points)
  float vertical_exaggeration = 1.0f;
  float target_distance_m = 1.0f;        // camera to the point looked at
  const terrain::Dem* dem = nullptr;     // heights for anchors and occlusion
  const terrain::Dem* detail = nullptr;  // a local tile, preferred where it has data
  bool features = true;                  // craters and relief (the built-in model's names)
};

void draw_labels(ImDrawList* list, const LabelView& view, const std::optional<ui::MapPick>& click);

// Helpers shared with the other overlays drawn on the terrain (traverse_view.cpp).
struct ScreenPoint {
  float x = 0.0f, y = 0.0f, depth_m = 0.0f;
  bool ok = false;  // in front of the camera and within `margin` of the viewport (NDC units)
};
ScreenPoint project_to_screen(const LabelView& v, glm::vec3 p, float margin = 1.1f);
// Terrain height (m, before exaggeration) at map x, y: the local tile where it has data.
float view_height_at(const LabelView& v, double x, double y);
// True when the terrain rises more than `clearance_m` above the straight line from p to the eye
// at one of `steps` points between.
bool terrain_occludes(const LabelView& v, glm::vec3 p, int steps, float clearance_m);
ImU32 rgba(float r, float g, float b, float a);
// Text with a dark halo, readable over bright and dark ground.
void halo_text(ImDrawList* list, ImVec2 at, ImU32 colour, float alpha, const char* text);

}  // namespace ce8::app

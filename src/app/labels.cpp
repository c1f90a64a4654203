#include "app/labels.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <glm/trigonometric.hpp>
#include <glm/vec4.hpp>

#include "engine/terrain/generator.hpp"
#include "engine/terrain/projection.hpp"
#include "ui/sites.hpp"

namespace ce8::app {

ScreenPoint project_to_screen(const LabelView& v, glm::vec3 p, float margin) {
  const glm::vec4 c = v.view_proj * glm::vec4(p, 1.0f);
  ScreenPoint s;
  if (c.w <= 1.0f) return s;  // behind the camera (or at it)
  const float nx = c.x / c.w, ny = c.y / c.w;
  if (nx < -margin || nx > margin || ny < -margin || ny > margin) return s;
  s.x = (nx * 0.5f + 0.5f) * v.screen_w;
  s.y = (0.5f - ny * 0.5f) * v.screen_h;
  s.depth_m = c.w;
  s.ok = true;
  return s;
}

float view_height_at(const LabelView& v, double x, double y) {
  const terrain::MapXy p{x, y};
  if (v.detail && v.detail->grid.contains(p)) {
    const float h = terrain::sample_bilinear(*v.detail, p);
    if (std::isfinite(h)) return h;
  }
  return v.dem ? terrain::sample_bilinear(*v.dem, p) : std::nanf("");
}

bool terrain_occludes(const LabelView& v, glm::vec3 p, int steps, float clearance_m) {
  const glm::vec3 d = v.eye_m - p;
  if (std::hypot(d.x, d.y) < 1.0f) return false;
  for (int k = 1; k < steps; ++k) {
    const float t = static_cast<float>(k) / steps;
    const glm::vec3 q = p + d * t;
    const float h = view_height_at(v, q.x, q.y);
    if (std::isfinite(h) && h * v.vertical_exaggeration > q.z + clearance_m) return true;
  }
  return false;
}

ImU32 rgba(float r, float g, float b, float a) {
  return ImGui::ColorConvertFloat4ToU32(ImVec4(r, g, b, std::clamp(a, 0.0f, 1.0f)));
}

void halo_text(ImDrawList* list, ImVec2 at, ImU32 colour, float alpha, const char* text) {
  const ImU32 shadow = rgba(0.0f, 0.0f, 0.0f, 0.85f * alpha);
  for (const ImVec2 o : {ImVec2(-1, 0), ImVec2(1, 0), ImVec2(0, -1), ImVec2(0, 1), ImVec2(1, 1)})
    list->AddText(ImVec2(at.x + o.x, at.y + o.y), shadow, text);
  list->AddText(at, colour, text);
}

namespace {

using Screen = ScreenPoint;

Screen project(const LabelView& v, glm::vec3 p) { return project_to_screen(v, p); }

float height_at(const LabelView& v, double x, double y) { return view_height_at(v, x, y); }

// True when the terrain rises above the straight line from p to the eye somewhere between.
bool occluded(const LabelView& v, glm::vec3 p) { return terrain_occludes(v, p, 48, 2.0f); }

struct Placed {
  ImVec2 min, max;
};

bool overlaps(const std::vector<Placed>& placed, ImVec2 a, ImVec2 b) {
  for (const Placed& p : placed)
    if (a.x < p.max.x && b.x > p.min.x && a.y < p.max.y && b.y > p.min.y) return true;
  return false;
}

// A pin: a stem from the ground point up to a round head, the name beside the head (on its
// right; on its left where the right side would run off the screen; above it, kept on the
// screen, where neither side has room: a phone's narrow view).
void pin(ImDrawList* list, std::vector<Placed>& placed, Screen s, const char* name, ImVec4 colour,
         float stem_px, float screen_w) {
  const ImVec2 foot(s.x, s.y), head(s.x, s.y - stem_px);
  const ImU32 c = ImGui::ColorConvertFloat4ToU32(colour);
  list->AddLine(foot, head, rgba(0, 0, 0, 0.7f), 4.0f);
  list->AddLine(foot, head, c, 2.0f);
  list->AddCircleFilled(foot, 3.0f, c);
  list->AddCircleFilled(head, 7.0f, rgba(0, 0, 0, 0.7f));
  list->AddCircleFilled(head, 5.5f, c);
  list->AddCircleFilled(ImVec2(head.x - 1.5f, head.y - 1.5f), 1.8f, rgba(1, 1, 1, 0.8f));
  const ImVec2 size = ImGui::CalcTextSize(name);
  const bool fits_right = head.x + 10.0f + size.x + 4.0f <= screen_w;
  const bool fits_left = head.x - 10.0f - size.x >= 4.0f;
  ImVec2 at(fits_right || !fits_left ? head.x + 10.0f : head.x - 10.0f - size.x,
            head.y - size.y * 0.5f);
  if (!fits_right && !fits_left)  // wider than either side: above the head, kept on the screen
    at = ImVec2(std::clamp(head.x - size.x * 0.5f, 4.0f, std::max(4.0f, screen_w - 4.0f - size.x)),
                head.y - size.y - 9.0f);
  halo_text(list, at, c, 1.0f, name);
  // Other labels keep off the whole pin: its name, head and stem.
  const float left = std::min(at.x, head.x - 8.0f) - 2.0f;
  const float right = std::max(at.x + size.x, head.x + 8.0f) + 2.0f;
  const float top = std::min(at.y, head.y - 8.0f) - 2.0f;
  const float bottom = std::max(at.y + size.y, foot.y) + 2.0f;
  placed.push_back({ImVec2(left, top), ImVec2(right, bottom)});
}

glm::vec3 map_point(double lat_deg, double lon_deg) {
  const terrain::MapXy p = terrain::to_map(terrain::latlon_deg(lat_deg, lon_deg));
  return {static_cast<float>(p.x_m), static_cast<float>(p.y_m), 0.0f};
}

}  // namespace

void draw_labels(ImDrawList* list, const LabelView& v, const std::optional<ui::MapPick>& click) {
  std::vector<Placed> placed;
  const ImVec4 gold(0.98f, 0.78f, 0.25f, 1.0f);
  const float pixels_per_radian = v.screen_h / glm::radians(45.0f);

  // Landing sites first: they always show (unless behind the camera or off the map).
  for (const ui::NamedSite& site : ui::landing_sites()) {
    glm::vec3 p = map_point(site.lat_deg, site.lon_deg);
    const float h = height_at(v, p.x, p.y);
    if (!std::isfinite(h)) continue;
    p.z = h * v.vertical_exaggeration;
    const Screen s = project(v, p);
    if (!s.ok) continue;
    const bool hidden = occluded(v, p + glm::vec3(0, 0, 50.0f));
    ImVec4 c = gold;
    if (hidden) c.w = 0.45f;  // behind a rim: still findable, clearly behind
    pin(list, placed, s, site.name.c_str(), c, 30.0f, v.screen_w);
  }
  if (click) {
    glm::vec3 p = map_point(click->lat_deg, click->lon_deg);
    p.z = static_cast<float>(click->height_m) * v.vertical_exaggeration;
    const Screen s = project(v, p);
    if (s.ok)
      pin(list, placed, s, "Map click", ImVec4(0.35f, 0.85f, 1.0f, 1.0f), 22.0f, v.screen_w);
  }
  if (!v.features) return;

  // Named relief: the summit or plateau top.
  for (const terrain::NamedRelief& r : terrain::named_relief()) {
    glm::vec3 p = map_point(r.lat_deg, r.lon_deg);
    const float h = height_at(v, p.x, p.y);
    if (!std::isfinite(h)) continue;
    p.z = h * v.vertical_exaggeration;
    const Screen s = project(v, p);
    if (!s.ok || occluded(v, p + glm::vec3(0, 0, 100.0f))) continue;
    const ImVec2 size = ImGui::CalcTextSize(r.name);
    const ImVec2 at(s.x - size.x * 0.5f, s.y - size.y - 10.0f);
    const ImVec2 hi(at.x + size.x, at.y + size.y);
    if (overlaps(placed, at, hi)) continue;
    list->AddTriangleFilled(ImVec2(s.x - 5, s.y - 2), ImVec2(s.x + 5, s.y - 2),
                            ImVec2(s.x, s.y - 9), rgba(0.9f, 0.9f, 0.85f, 0.9f));
    halo_text(list, at, rgba(0.92f, 0.92f, 0.88f, 1.0f), 1.0f, r.name);
    placed.push_back({at, hi});
  }

  // Craters, largest first, at the centre raised to the mean rim height.
  std::vector<const terrain::CatalogueCrater*> craters;
  for (const terrain::CatalogueCrater& c : terrain::catalogue_craters()) craters.push_back(&c);
  std::sort(craters.begin(), craters.end(),
            [](auto* a, auto* b) { return a->diameter_km > b->diameter_km; });
  for (const terrain::CatalogueCrater* c : craters) {
    glm::vec3 p = map_point(c->lat_deg, c->lon_deg);
    const float radius_m = static_cast<float>(c->diameter_km * 500.0);
    float rim = 0.0f;
    int n = 0;
    for (int k = 0; k < 8; ++k) {
      const float a = static_cast<float>(k) * 0.785398f;
      const float h = height_at(v, p.x + radius_m * std::cos(a), p.y + radius_m * std::sin(a));
      if (std::isfinite(h)) rim += h, ++n;
    }
    if (n < 4) continue;  // mostly off the map
    p.z = rim / static_cast<float>(n) * v.vertical_exaggeration;
    const Screen s = project(v, p);
    if (!s.ok) continue;
    const float apparent_px = 2.0f * radius_m / s.depth_m * pixels_per_radian;
    if (apparent_px < 36.0f) continue;  // too small to name from here
    if (occluded(v, p + glm::vec3(0, 0, 200.0f))) continue;
    char text[96];
    std::snprintf(text, sizeof text, "%s  %.0f km", c->name, c->diameter_km);
    const ImVec2 size = ImGui::CalcTextSize(text);
    const ImVec2 at(s.x - size.x * 0.5f, s.y - size.y * 0.5f);
    const ImVec2 hi(at.x + size.x, at.y + size.y);
    if (overlaps(placed, at, hi)) continue;
    // Fade the ones far beyond the point looked at (they crowd the horizon).
    const float fade = std::clamp(1.6f - 0.3f * s.depth_m / v.target_distance_m, 0.35f, 1.0f);
    halo_text(list, at, rgba(0.80f, 0.88f, 1.0f, fade), fade, text);
    placed.push_back({at, hi});
  }
}

}  // namespace ce8::app

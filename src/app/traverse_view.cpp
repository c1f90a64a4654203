#include "app/traverse_view.hpp"

#include <imgui.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <optional>

#include <glm/geometric.hpp>
#include <glm/trigonometric.hpp>
#include <glm/vec2.hpp>
#include <glm/vec4.hpp>

#include "app/platform.hpp"
#include "engine/scenario/terrain_frame.hpp"
#include "engine/terrain/projection.hpp"
#include "engine/traverse/request.hpp"
#include "ui/traverse_playback.hpp"

namespace ce8::app {

// ---- planning ------------------------------------------------------------------------------

// One planning request in flight: the engine's traverse job (the pipeline `ce8 traverse` runs)
// through the one job protocol (jobs::BackgroundJob): on a worker thread, or in slices of at most
// 16 ms (in the frame and between frames) where there are no threads.
struct TraverseView::Job {
  explicit Job(traverse::TraverseRequest request)
      : runner(std::make_unique<traverse::TraverseJob>(std::move(request))),
        work(runner.as<traverse::TraverseJob>()) {}
  jobs::BackgroundJob runner;  // cancels and joins when the Job goes
  traverse::TraverseJob& work;
  double started_s = 0.0;
};

namespace {

// First line only: the panel shows one line.
std::string one_line(std::string s) {
  const auto nl = s.find('\n');
  if (nl != std::string::npos) s.resize(nl);
  return s;
}

// The 20 m local tile when every point lies on it (a few cells in from its edge), else the
// regional terrain.
const terrain::Dem& planning_dem(const terrain::Dem& regional, const terrain::Dem* tile,
                                 const std::vector<terrain::MapXy>& points, bool& on_tile) {
  on_tile = tile && tile->grid.width > 0;
  if (on_tile) {
    const terrain::MapBounds b = tile->grid.bounds();
    const double in = 3.0 * tile->grid.cell_m;
    for (const terrain::MapXy& p : points)
      on_tile = on_tile && p.x_m > b.x_min_m + in && p.x_m < b.x_max_m - in &&
                p.y_m > b.y_min_m + in && p.y_m < b.y_max_m - in;
  }
  return on_tile ? *tile : regional;
}

// The panel's choices as the settings `ce8 traverse` takes (its defaults for the rest).
traverse::TraverseSettings panel_settings(const ui::TraverseUi& t, const time::Instant& now,
                                          bool threaded) {
  traverse::TraverseSettings s;
  s.start_time = now;
  s.objective = static_cast<traverse::Objective>(std::clamp(t.objective, 0, 3));
  s.time_aware = t.time_aware;
  s.allow_waiting = t.allow_waiting;
  s.return_home = t.return_home;
  s.initial_soc = std::clamp(static_cast<double>(t.initial_soc), 0.0, 1.0);
  // Natively a worker thread plans while the view keeps drawing; the single-threaded browser
  // build plans in 16 ms slices (the budgets count the job's own work time), so it gets shorter
  // budgets, and the time-aware search a coarser grid (the route is still refined on the full
  // grid).
  s.budget_s = threaded ? 20.0 : 8.0;
  s.threads = threaded ? std::max(1, jobs::hardware_threads() - 1) : 1;
  s.max_grid = threaded ? 256 : 128;
  // The later-start search behind a suggestion: short, so that the browser stays responsive.
  s.suggestion_budget_s = std::min(s.budget_s, 5.0);
  return s;
}

}  // namespace

TraverseView::~TraverseView() = default;

void TraverseView::start(const terrain::Dem& regional, const terrain::Dem* tile, ui::UiModel& m,
                         double now_s) {
  ui::TraverseUi& t = m.traverse;
  const auto& stops = m.session.stops;
  if (stops.size() < 2) {
    t.message = "Add a goal first: press 'Click goals', then click the terrain.";
    return;
  }
  ui::ensure_rover(m);  // a command may plan while the panels are hidden (start screen, tour)
  if (t.rover.id != m.session.rover) {
    t.message = t.rover_error.empty() ? "Choose a rover first." : t.rover_error;
    return;
  }
  if (auto ok = traverse::check_rover(t.rover); !ok) {
    t.message = one_line(ok.error().message);
    return;
  }
  std::vector<terrain::MapXy> points;  // the start, then the goals
  for (const auto& [lat, lon] : stops)
    points.push_back(terrain::to_map(terrain::latlon_deg(lat, lon)));
  bool on_tile = false;
  const terrain::Dem& dem = planning_dem(regional, tile, points, on_tile);
  char grid[120];
  std::snprintf(grid, sizeof grid, "%s %.0f m grid (%d x %d)",
                on_tile ? "local tile," : "regional terrain,", dem.grid.cell_m, dem.grid.width,
                dem.grid.height);
  const bool threaded = jobs::threads_available();
  const std::vector<terrain::MapXy> goals(points.begin() + 1, points.end());
  // The terrain is copied: it may be replaced while the job runs.
  auto job = std::make_shared<Job>(
      traverse::make_traverse_request(dem, grid, t.rover, points.front(), goals,
                                      panel_settings(t, m.session.clock.now(), threaded)));
  job->started_s = now_s;
  const traverse::TraverseRequest& req = job->work.request();
  t.planning = true;
  t.planning_budget_s = static_cast<float>(req.plan.budget_s);
  t.planning_elapsed_s = 0.0f;
  t.planning_what = traverse::traverse_stage_name(0, req.plan.time_aware);
  t.message.clear();
  job_ = job;
}

void TraverseView::finish(ui::UiModel& m) {
  ui::TraverseUi& t = m.traverse;
  Job& j = *job_;
  t.planning = false;
  for (int k = 0; k < 4; ++k) stage_ms_[k] = 1000.0 * j.work.stage_s()[k];
  if (j.work.state() == jobs::JobState::kDone && j.work.result()) {
    std::shared_ptr<traverse::TraverseResult> result = j.work.result();
    result->planning_s = t.planning_elapsed_s;
    m.session.traverse = result;
    t.message.clear();
    ++t.plans_done;
    // The clock stands at the departure: Play runs the drive from there.
    m.session.clock.seek(j.work.request().plan.drive.start);
    // Frame the route (the app moves the camera so that it shows beside the panel).
    const auto& pts = result->plan.points;
    if (!pts.empty()) {
      ui::MapRect b{pts[0].xy.x_m, pts[0].xy.y_m, pts[0].xy.x_m, pts[0].xy.y_m};
      for (const auto& p : pts) {
        b.x0_m = std::min(b.x0_m, p.xy.x_m), b.x1_m = std::max(b.x1_m, p.xy.x_m);
        b.y0_m = std::min(b.y0_m, p.xy.y_m), b.y1_m = std::max(b.y1_m, p.xy.y_m);
      }
      t.frame_route = b;
    }
  } else {
    t.message = j.work.error().empty() ? "Planning failed." : j.work.error();
  }
  job_.reset();
}

void TraverseView::update(const terrain::Dem& regional, const terrain::Dem* tile, ui::UiModel& m,
                          double now_s) {
  ui::TraverseUi& t = m.traverse;
  if (job_) {
    if (t.cancel_requested) job_->runner.cancel();
    const jobs::JobState state = job_->runner.poll(jobs::kMaxSliceS);
    t.planning_elapsed_s = static_cast<float>(now_s - job_->started_s);
    t.planning_what =
        traverse::traverse_stage_name(job_->work.stage(), job_->work.request().plan.time_aware);
    if (state != jobs::JobState::kRunning) finish(m);
  } else if (t.plan_requested) {
    start(regional, tile, m, now_s);
  }
  t.plan_requested = false;
  t.cancel_requested = false;

  if (t.export_request) {
    t.export_message = platform::save_text_file(t.export_request->file_name, t.export_request->mime,
                                                t.export_request->content);
    t.export_request.reset();
  }
}

// ---- drawing -------------------------------------------------------------------------------

namespace {

using Screen = ScreenPoint;

Screen project(const LabelView& v, glm::vec3 p, float margin = 1.1f) {
  return project_to_screen(v, p, margin);
}

float height_at(const LabelView& v, double x, double y) { return view_height_at(v, x, y); }

bool occluded(const LabelView& v, glm::vec3 p, int steps) {
  return terrain_occludes(v, p, steps, 1.0f);
}

// A flag on a stem: the lander (red) and the goals (cyan, numbered).
void flag(ImDrawList* list, Screen s, const char* text, ImU32 colour, float alpha) {
  const ImVec2 foot(s.x, s.y), top(s.x, s.y - 34.0f);
  list->AddLine(foot, top, rgba(0, 0, 0, 0.7f * alpha), 4.0f);
  list->AddLine(foot, top, rgba(0.9f, 0.9f, 0.9f, alpha), 2.0f);
  const ImVec2 size = ImGui::CalcTextSize(text);
  const ImVec2 lo(top.x, top.y), hi(top.x + size.x + 12.0f, top.y + size.y + 4.0f);
  list->AddRectFilled(ImVec2(lo.x + 1, lo.y + 1), ImVec2(hi.x + 1, hi.y + 1),
                      rgba(0, 0, 0, 0.5f * alpha), 3.0f);
  ImVec4 c = ImGui::ColorConvertU32ToFloat4(colour);
  c.w *= alpha;
  list->AddRectFilled(lo, hi, ImGui::ColorConvertFloat4ToU32(c), 3.0f);
  list->AddText(ImVec2(lo.x + 6.0f, lo.y + 2.0f), rgba(1, 1, 1, alpha), text);
  list->AddCircleFilled(foot, 4.0f, rgba(0, 0, 0, 0.7f * alpha));
  list->AddCircleFilled(foot, 2.5f, ImGui::ColorConvertFloat4ToU32(c));
}

// 2-D convex hull (Andrew's monotone chain), counter-clockwise in screen coordinates.
std::vector<ImVec2> hull(std::vector<ImVec2> p) {
  if (p.size() < 3) return p;
  std::sort(p.begin(), p.end(),
            [](ImVec2 a, ImVec2 b) { return a.x < b.x || (a.x == b.x && a.y < b.y); });
  auto cross = [](ImVec2 o, ImVec2 a, ImVec2 b) {
    return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
  };
  std::vector<ImVec2> h(2 * p.size());
  std::size_t k = 0;
  for (std::size_t i = 0; i < p.size(); ++i) {
    while (k >= 2 && cross(h[k - 2], h[k - 1], p[i]) <= 0) --k;
    h[k++] = p[i];
  }
  for (std::size_t i = p.size() - 1, t = k + 1; i > 0; --i) {
    while (k >= t && cross(h[k - 2], h[k - 1], p[i - 1]) <= 0) --k;
    h[k++] = p[i - 1];
  }
  h.resize(k - 1);
  return h;
}

// One part of the rover model: an axis-aligned box in the rover's frame (x forward, y left,
// z up; metres, true size) and its colour.
struct Part {
  glm::vec3 lo, hi;
  glm::vec3 colour;
};

std::vector<Part> rover_parts(const traverse::RoverModel& r) {
  const float L = static_cast<float>(std::max(r.length_m, 0.1));
  const float W = static_cast<float>(std::max(r.width_m, 0.1));
  const float H = static_cast<float>(std::max(r.height_m, 0.1));
  const float mast = std::max(static_cast<float>(r.mast_height_m), 0.9f * H);
  const glm::vec3 foil(0.86f, 0.68f, 0.30f), panel(0.16f, 0.24f, 0.55f), wheel(0.22f, 0.22f, 0.24f),
      white(0.88f, 0.88f, 0.90f);
  std::vector<Part> parts = {
      {{-0.5f * L, -0.42f * W, 0.28f * H}, {0.5f * L, 0.42f * W, 0.72f * H}, foil},
      {{-0.56f * L, -0.52f * W, 0.72f * H}, {0.46f * L, 0.52f * W, 0.78f * H}, panel},
      {{0.30f * L, -0.04f * W, 0.78f * H}, {0.37f * L, 0.04f * W, mast}, white},
      {{0.24f * L, -0.14f * W, mast}, {0.44f * L, 0.14f * W, mast + 0.12f * H}, white},
  };
  for (float sx : {-1.0f, 1.0f})
    for (float sy : {-1.0f, 1.0f}) {
      const glm::vec3 c(sx * 0.34f * L, sy * 0.47f * W, 0.0f);
      parts.push_back({c + glm::vec3(-0.13f * L, -0.06f * W, 0.0f),
                       c + glm::vec3(0.13f * L, 0.06f * W, 0.3f * H), wheel});
    }
  return parts;
}

// The terrain's surface under a map point as drawn (vertical exaggeration applied).
std::optional<glm::vec3> ground_point(const LabelView& v, double x, double y) {
  const float h = height_at(v, x, y);
  if (!std::isfinite(h)) return std::nullopt;
  return glm::vec3(static_cast<float>(x), static_cast<float>(y), h * v.vertical_exaggeration);
}

// One vertex of the draped path on screen.
struct PathVertex {
  ImVec2 p;
  bool ok, visible, driven;
};

// The path draped on the terrain: each edge split to the drawn terrain's cell size, each vertex
// marked driven (up to the rover) or ahead, visible or behind the terrain.
std::vector<PathVertex> drape_path(const LabelView& v, const ui::TraverseResult& r,
                                   double driven_m) {
  std::vector<PathVertex> verts;
  const auto& pts = r.plan.points;
  double along = 0.0;  // ground length so far, to split driven / ahead at the rover
  // The plan's ground length and the drive's distance use the same metric (3-D along the
  // ground); scale our draped length to the plan's total so the split lands at the rover.
  double draped_total = 0.0;
  for (std::size_t k = 1; k < pts.size(); ++k)
    draped_total +=
        std::hypot(std::hypot(pts[k].xy.x_m - pts[k - 1].xy.x_m, pts[k].xy.y_m - pts[k - 1].xy.y_m),
                   pts[k].height_m - pts[k - 1].height_m);
  const double to_plan = draped_total > 0.0 ? r.drive.totals.distance_m / draped_total : 1.0;
  const double step_m = std::max(v.detail && v.detail->grid.contains({pts[0].xy.x_m, pts[0].xy.y_m})
                                     ? v.detail->grid.cell_m
                                     : (v.dem ? v.dem->grid.cell_m : 450.0),
                                 r.drive.totals.distance_m / 3000.0);
  const float lift = std::max(1.0f, 0.0015f * v.target_distance_m);
  for (std::size_t k = 0; k + 1 < pts.size(); ++k) {
    const double x0 = pts[k].xy.x_m, y0 = pts[k].xy.y_m;
    const double x1 = pts[k + 1].xy.x_m, y1 = pts[k + 1].xy.y_m;
    const double len = std::hypot(x1 - x0, y1 - y0);
    const double edge_ground = std::hypot(len, pts[k + 1].height_m - pts[k].height_m);
    const int n = std::max(1, static_cast<int>(std::ceil(len / step_m)));
    for (int s = (k == 0 ? 0 : 1); s <= n; ++s) {
      const double f = static_cast<double>(s) / n;
      const auto g = ground_point(v, x0 + (x1 - x0) * f, y0 + (y1 - y0) * f);
      PathVertex vert{};
      const double here = (along + edge_ground * f) * to_plan;
      vert.driven = here <= driven_m + 1e-6 && driven_m > 0.0;
      if (g) {
        const glm::vec3 p = *g + glm::vec3(0.0f, 0.0f, lift);
        const Screen sc = project(v, p, 4.0f);
        vert.ok = sc.ok;
        vert.p = ImVec2(sc.x, sc.y);
        vert.visible = sc.ok && !occluded(v, p, 24);
      }
      verts.push_back(vert);
    }
    along += edge_ground;
  }
  return verts;
}

// Runs of the same look: dark outline first, then the colour (gold: driven; ice: ahead).
void draw_path(ImDrawList* list, const std::vector<PathVertex>& verts) {
  for (int pass = 0; pass < 2; ++pass) {
    std::size_t a = 0;
    while (a < verts.size()) {
      if (!verts[a].ok) {
        ++a;
        continue;
      }
      std::size_t b = a + 1;
      while (b < verts.size() && verts[b].ok && verts[b].visible == verts[a].visible &&
             verts[b].driven == verts[a].driven)
        ++b;
      // Include the next vertex so runs join up.
      const std::size_t end = std::min(b + 1, verts.size());
      std::vector<ImVec2> line;
      for (std::size_t i = a; i < end && verts[i].ok; ++i) line.push_back(verts[i].p);
      if (line.size() >= 2) {
        const bool vis = verts[a].visible, drv = verts[a].driven;
        if (pass == 0) {
          list->AddPolyline(line.data(), static_cast<int>(line.size()),
                            rgba(0.0f, 0.0f, 0.0f, vis ? 0.75f : 0.3f), ImDrawFlags_None,
                            vis ? 6.5f : 3.5f);
        } else {
          const ImU32 c = drv ? rgba(1.0f, 0.78f, 0.22f, vis ? 1.0f : 0.45f)
                              : rgba(0.55f, 0.92f, 1.0f, vis ? 0.95f : 0.4f);
          list->AddPolyline(line.data(), static_cast<int>(line.size()), c, ImDrawFlags_None,
                            vis ? 3.5f : 1.8f);
        }
      }
      a = b;
    }
  }
}

// The lander and the goals.
void draw_stop_flags(ImDrawList* list, const LabelView& v,
                     const std::vector<std::pair<double, double>>& stops) {
  for (std::size_t k = 0; k < stops.size(); ++k) {
    const terrain::MapXy xy = terrain::to_map(terrain::latlon_deg(stops[k].first, stops[k].second));
    const auto g = ground_point(v, xy.x_m, xy.y_m);
    if (!g) continue;
    const Screen s = project(v, *g);
    if (!s.ok) continue;
    const bool hidden = occluded(v, *g + glm::vec3(0, 0, 20.0f), 48);
    char text[32];
    if (k == 0)
      std::snprintf(text, sizeof text, "Lander");
    else
      std::snprintf(text, sizeof text, "Goal %zu", k);
    flag(list, s, text,
         k == 0 ? rgba(0.80f, 0.16f, 0.14f, 0.95f) : rgba(0.10f, 0.55f, 0.70f, 0.95f),
         hidden ? 0.5f : 1.0f);
  }
}

// Where the rover model stands and how it is drawn: its frame in the terrain world and the
// scale (1 = true size).
struct RoverPose {
  glm::vec3 base, fwd, left, up;
  float scale = 1.0f;
  glm::vec3 world(glm::vec3 local) const {
    return base + scale * (fwd * local.x + left * local.y + up * local.z);
  }
};

glm::vec3 box_corner(const Part& p, int corner) {
  return glm::vec3((corner & 1) ? p.hi.x : p.lo.x, (corner & 2) ? p.hi.y : p.lo.y,
                   (corner & 4) ? p.hi.z : p.lo.z);
}

// The rover's shadow on the ground, cast away from the Sun (toward_sun: on the map).
void draw_rover_shadow(ImDrawList* list, const LabelView& v, const RoverPose& pose,
                       const std::vector<Part>& parts, glm::vec2 toward_sun, float sin_el,
                       double sun_visible_fraction) {
  const float cot_el = std::sqrt(std::max(0.0f, 1.0f - sin_el * sin_el)) / std::max(sin_el, 1e-4f);
  // Shadows at the pole are tens of times longer than the rover is tall; beyond 60x (the Sun
  // under about 1 deg) the drawn shadow is cut there.
  const float stretch = std::min(cot_el, 60.0f);
  const float fade = std::clamp(static_cast<float>(sun_visible_fraction), 0.3f, 1.0f);
  for (const Part& p : parts) {
    std::vector<ImVec2> pts;
    for (int corner = 0; corner < 8; ++corner) {
      const glm::vec3 l = box_corner(p, corner);
      glm::vec3 w = pose.world(glm::vec3(l.x, l.y, 0.0f));
      const float len = l.z * pose.scale * stretch;
      w.x -= toward_sun.x * len;
      w.y -= toward_sun.y * len;
      const Screen sp = project(v, w, 8.0f);
      if (sp.ok) pts.push_back(ImVec2(sp.x, sp.y));
    }
    const std::vector<ImVec2> h = hull(pts);
    if (h.size() >= 3)
      list->AddConvexPolyFilled(h.data(), static_cast<int>(h.size()),
                                rgba(0.0f, 0.0f, 0.02f, 0.42f * fade));
  }
}

// The model: faces of every part, far to near, back faces skipped, lit by the Sun.
void draw_rover_model(ImDrawList* list, const LabelView& v, const RoverPose& pose,
                      const std::vector<Part>& parts, bool sunlit, glm::vec3 sun) {
  struct Face {
    std::array<ImVec2, 4> p;
    float depth;
    ImU32 fill, edge;
  };
  std::vector<Face> faces;
  static const int kFaces[6][4] = {{0, 2, 6, 4}, {1, 5, 7, 3}, {0, 4, 5, 1},
                                   {2, 3, 7, 6}, {0, 1, 3, 2}, {4, 6, 7, 5}};
  static const glm::vec3 kNormals[6] = {{-1, 0, 0}, {1, 0, 0},  {0, -1, 0},
                                        {0, 1, 0},  {0, 0, -1}, {0, 0, 1}};
  for (const Part& p : parts) {
    glm::vec3 wc[8];
    Screen sc[8];
    bool ok = true;
    for (int corner = 0; corner < 8; ++corner) {
      wc[corner] = pose.world(box_corner(p, corner));
      sc[corner] = project(v, wc[corner], 8.0f);
      ok = ok && sc[corner].ok;
    }
    if (!ok) continue;
    for (int f = 0; f < 6; ++f) {
      const glm::vec3 n =
          pose.fwd * kNormals[f].x + pose.left * kNormals[f].y + pose.up * kNormals[f].z;
      glm::vec3 centre(0.0f);
      for (int q = 0; q < 4; ++q) centre += wc[kFaces[f][q]] * 0.25f;
      if (glm::dot(n, v.eye_m - centre) <= 0.0f) continue;
      // Direct sunlight plus the light the sunlit ground around reflects onto it.
      const float light = sunlit ? std::max(0.0f, glm::dot(n, sun)) : 0.0f;
      const glm::vec3 col = p.colour * ((sunlit ? 0.42f : 0.16f) + 0.75f * light);
      Face face;
      for (int q = 0; q < 4; ++q) face.p[q] = ImVec2(sc[kFaces[f][q]].x, sc[kFaces[f][q]].y);
      face.depth = glm::length(v.eye_m - centre);
      face.fill = rgba(std::min(col.r, 1.0f), std::min(col.g, 1.0f), std::min(col.b, 1.0f), 1.0f);
      face.edge = rgba(0.0f, 0.0f, 0.0f, 0.55f);
      faces.push_back(face);
    }
  }
  std::sort(faces.begin(), faces.end(),
            [](const Face& a, const Face& b) { return a.depth > b.depth; });
  for (const Face& f : faces) {
    // Either winding: ImGui fills convex polygons of both orientations.
    list->AddConvexPolyFilled(f.p.data(), 4, f.fill);
    list->AddPolyline(f.p.data(), 4, f.edge, ImDrawFlags_Closed, 1.0f);
  }
}

}  // namespace

void TraverseView::draw(ImDrawList* list, const LabelView& v, const ui::UiModel& m,
                        const glm::vec3& sun_world) {
  marker_.shown = false;
  if (!m.panels.traverse) return;
  const std::shared_ptr<const traverse::TraverseResult> r = m.session.traverse;
  ui::DriveState state;
  if (r && !r->drive.timeline.empty())
    state = ui::drive_state_at(r->drive, m.session.clock.now_tt_s());
  if (r && r->plan.points.size() >= 2) draw_path(list, drape_path(v, *r, state.sample.distance_m));
  draw_stop_flags(list, v, m.session.stops);
  if (r && !r->drive.timeline.empty()) draw_rover(list, v, *r, state, sun_world);
}

// The rover at the clock's instant, with its shadow and a label.
void TraverseView::draw_rover(ImDrawList* list, const LabelView& v, const ui::TraverseResult& r,
                              const ui::DriveState& state, const glm::vec3& sun_world) {
  const traverse::DriveSample& x = state.sample;
  const auto base_opt = ground_point(v, x.xy.x_m, x.xy.y_m);
  if (!base_opt) return;
  RoverPose pose;
  pose.base = *base_opt;
  const Screen bs = project(v, pose.base);
  marker_.shown = true;
  marker_.lat_deg = x.lat_deg;
  marker_.lon_deg = x.lon_deg;
  marker_.x_m = x.xy.x_m;
  marker_.y_m = x.xy.y_m;
  marker_.on_screen = bs.ok;
  marker_.screen_x = bs.x;
  marker_.screen_y = bs.y;
  if (!bs.ok) return;
  const traverse::RoverModel& rover = r.rover;
  // True size where it would show; else enlarged to about 22 px long (and labelled so).
  const float pixels_per_radian = v.screen_h / glm::radians(45.0f);
  const float L = static_cast<float>(std::max(rover.length_m, 0.1));
  pose.scale = std::max(1.0f, 22.0f * bs.depth_m / (L * pixels_per_radian));
  marker_.scale = pose.scale;
  const float c = std::cos(static_cast<float>(state.heading_map_rad));
  const float s = std::sin(static_cast<float>(state.heading_map_rad));
  pose.fwd = glm::vec3(c, s, 0.0f);
  pose.left = glm::vec3(-s, c, 0.0f);
  pose.up = glm::vec3(0.0f, 0.0f, 1.0f);
  const std::vector<Part> parts = rover_parts(rover);

  // Sun in the rover's local frame: elevation over its true local horizontal (the Moon curves
  // away from the pole) and the horizontal direction toward it on the map.
  const ephemeris::Vec3 uw = scenario::local_up_world(x.xy.x_m, x.xy.y_m);
  const glm::vec3 local_up(static_cast<float>(uw.x), static_cast<float>(uw.y),
                           static_cast<float>(uw.z));
  const glm::vec3 sun = glm::length(sun_world) > 0.0f ? glm::normalize(sun_world) : pose.up;
  const float sin_el = glm::dot(sun, local_up);
  const glm::vec3 horiz = sun - local_up * sin_el;
  const bool sunlit = sin_el > 0.0f && x.sun_visible_fraction > 0.0;
  if (sunlit && glm::length(horiz) > 1e-6f)
    draw_rover_shadow(list, v, pose, parts, glm::normalize(glm::vec2(horiz.x, horiz.y)), sin_el,
                      x.sun_visible_fraction);
  draw_rover_model(list, v, pose, parts, sunlit, sun);
  // A ring under it so it is found at a glance, and the scale it is drawn at.
  list->AddCircle(ImVec2(bs.x, bs.y), 16.0f, rgba(1.0f, 0.85f, 0.3f, 0.85f), 32, 2.0f);
  char text[120];
  if (pose.scale > 1.5f)
    std::snprintf(text, sizeof text, "%s  (drawn %.0fx)", rover.name.c_str(), pose.scale);
  else
    std::snprintf(text, sizeof text, "%s", rover.name.c_str());
  halo_text(list, ImVec2(bs.x + 20.0f, bs.y + 6.0f), rgba(1.0f, 0.92f, 0.7f, 1.0f), 1.0f, text);
}

nlohmann::json TraverseView::status(const ui::UiModel& m) const {
  const ui::TraverseUi& t = m.traverse;
  const auto& r = m.session.traverse;
  std::string state = t.planning ? "planning" : (r ? "done" : "idle");
  if (!t.planning && !t.message.empty()) state = "error";
  const bool has_path = r && !r->plan.points.empty();
  nlohmann::json j;
  j["state"] = state;
  j["roverId"] = m.session.rover;
  j["stops"] = m.session.stops.size();
  j["plans"] = t.plans_done;
  j["message"] = t.message;
  j["points"] = r ? r->plan.points.size() : 0;
  j["samples"] = r ? r->drive.timeline.size() : 0;
  j["feasible"] = r ? nlohmann::json(r->drive.totals.feasible) : nlohmann::json(nullptr);
  j["reason"] = r ? r->drive.totals.reason : "";
  j["suggestion"] = r ? r->drive.totals.suggestion : "";
  j["grid"] = r ? r->grid : "";
  j["distanceM"] = r ? r->drive.totals.distance_m : 0.0;
  j["durationH"] = r ? r->drive.totals.duration_h : 0.0;
  j["from"] = {has_path ? r->plan.points.front().lat_deg : 0.0,
               has_path ? r->plan.points.front().lon_deg : 0.0};
  j["to"] = {has_path ? r->plan.points.back().lat_deg : 0.0,
             has_path ? r->plan.points.back().lon_deg : 0.0};
  j["t0"] = r ? ui::drive_start_tt(r->drive) : 0.0;
  j["t1"] = r ? ui::drive_end_tt(r->drive) : 0.0;
  j["rover"] = {{"shown", marker_.shown},
                {"onScreen", marker_.on_screen},
                {"lat", marker_.lat_deg},
                {"lon", marker_.lon_deg},
                {"x", marker_.x_m},
                {"y", marker_.y_m},
                {"screenX", marker_.screen_x},
                {"screenY", marker_.screen_y},
                {"scale", marker_.scale}};
  j["stageMs"] = {stage_ms_[0], stage_ms_[1], stage_ms_[2], stage_ms_[3]};
  j["playing"] = m.session.clock.mode() == scenario::ClockMode::kDrive;
  j["clockTt"] = m.session.clock.now_tt_s();
  j["export"] = t.export_message;
  return j;
}

}  // namespace ce8::app

// The explorer's one command dispatcher (App::execute) and its status object (App::status).
// Panels queue commands while they draw; the page, the desktop command line, tests and the tour
// send the same commands as JSON. Every command is checked before anything changes.
#include <algorithm>
#include <cmath>
#include <variant>

#include <glm/trigonometric.hpp>

#include "app/app.hpp"
#include "app/platform.hpp"
#include "engine/scenario/terrain_frame.hpp"
#include "engine/terrain/projection.hpp"
#include "ui/sites.hpp"

namespace ce8::app {
namespace {

using nlohmann::json;

json ok() { return json{{"ok", true}}; }
json refused(const std::string& message) { return json{{"ok", false}, {"error", message}}; }

std::string iso_utc(const time::Instant& t) {
  auto s = time::format_iso8601(t, time::Scale::kUtc, 0);
  return s ? *s : std::string();
}

// Overloaded lambdas for std::visit.
template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

}  // namespace

// A catalogue site id (Chang'e-8's, "south-pole", or another mission's) or a latitude and
// longitude: where it is and how far the camera stands to show it.
Result<App::ResolvedPlace> App::resolve_place(const session::Place& place) {
  if (place.site.empty()) return ResolvedPlace{place.lat_deg, place.lon_deg, 40000.0f, ""};
  if (const ui::NamedSite* s = ui::find_landing_site(place.site))
    return ResolvedPlace{s->lat_deg, s->lon_deg, s->view_distance_m, s->name};
  ui::ensure_mission_catalogue(ui_);
  if (const auto& cat = ui_.mission.catalogue) {
    if (const mission::LandingSite* s = cat->find_site(place.site))
      return ResolvedPlace{s->lat_deg, s->lon_deg, 70000.0f, s->name};
    if (const mission::LandingSite* s = cat->find_context_site(place.site))
      return ResolvedPlace{s->lat_deg, s->lon_deg, 70000.0f, s->name};
  }
  return make_error("unknown site '" + place.site.substr(0, 60) +
                    "' (see `ce8 catalogue sites` for the ids)");
}

void App::fly_camera_to(double lat_deg, double lon_deg, float distance_m,
                        std::optional<float> pitch_deg, std::optional<float> heading_deg) {
  render::OrbitPose pose = camera_.goal();
  const terrain::MapXy xy = terrain::to_map(terrain::latlon_deg(lat_deg, lon_deg));
  // Look at the ground there (a close view of a high plateau would otherwise orbit a point
  // inside the terrain and see nothing).
  const float ground = terrain::sample_bilinear(dem_, xy);
  pose.target_m =
      glm::vec3(static_cast<float>(xy.x_m), static_cast<float>(xy.y_m),
                std::isfinite(ground) ? ground * session_.view.vertical_exaggeration : 0.0f);
  pose.distance_m = distance_m;
  pose.pitch_rad = pitch_deg ? glm::radians(*pitch_deg) : std::max(pose.pitch_rad, 0.5f);
  if (heading_deg) pose.yaw_rad = glm::radians(*heading_deg);
  camera_.fly_to(pose);
  if (builtin_ && ui_.terrain.local_tiles && distance_m <= kTileMaxViewDistanceM)
    start_local_tile(lat_deg, lon_deg);
}

json App::execute_traverse(const session::Command& command) {
  ui::TraverseUi& t = ui_.traverse;
  const auto& drive = session_.traverse;
  auto drive_span = [&]() {
    return std::pair{time::Instant::from_tt_seconds_since_j2000(drive->drive.timeline.front().tt_s),
                     time::Instant::from_tt_seconds_since_j2000(drive->drive.timeline.back().tt_s)};
  };
  const bool has_drive = drive && !drive->drive.timeline.empty();
  return std::visit(
      Overloaded{
          [&](const session::cmd::PlanTraverse& c) -> json {
            ui_.panels.traverse = true;
            if (!c.rover.empty()) session_.rover = c.rover;
            session_.stops = c.stops;
            t.objective = c.objective;
            t.time_aware = c.time_aware;
            t.plan_requested = true;
            return ok();
          },
          [&](const session::cmd::ReplanTraverse&) -> json {
            ui_.panels.traverse = true;
            t.plan_requested = true;
            return ok();
          },
          [&](const session::cmd::PlayTraverse& c) -> json {
            if (!c.on) {
              play_when_planned_ = false;
              if (session_.clock.mode() == scenario::ClockMode::kDrive) session_.clock.pause();
              return ok();
            }
            // Planning runs as a background job: a tour's "plan, then play" plays once it ends.
            if (t.plan_requested || t.planning) {
              play_when_planned_ = true;
              return ok();
            }
            if (!has_drive) return refused("play_traverse: no drive is planned yet");
            const auto [t0, t1] = drive_span();
            auto s = session_.clock.follow_drive(t0, t1, std::max(t.play_s, 1.0f));
            return s ? ok() : refused("play_traverse: " + s.error().message);
          },
          [&](const session::cmd::SeekTraverse& c) -> json {
            if (!has_drive) return refused("seek_traverse: no drive is planned yet");
            const auto [t0, t1] = drive_span();
            session_.clock.seek(time::add_seconds(t0, c.fraction * time::seconds_between(t0, t1)));
            return ok();
          },
          [&](const session::cmd::ExportTraverse& c) -> json {
            if (!drive) return refused("export_traverse: no drive is planned yet");
            const std::string base = t.export_base.empty() ? "traverse" : t.export_base;
            if (c.json)
              t.export_request =
                  ui::TraverseExport{base + ".json", "application/json",
                                     traverse::drive_to_json(drive->plan, drive->drive,
                                                             drive->rover, drive->objective)};
            else
              t.export_request = ui::TraverseExport{base + ".csv", "text/csv",
                                                    traverse::timeline_to_csv(drive->drive)};
            return ok();
          },
          [&](const auto&) -> json { return refused("not a traverse command"); },
      },
      command);
}

json App::execute(const session::Command& command) {
  // While it starts, the app takes only what needs no terrain: the status and the session's
  // settings the page sets before the first frame (the start screen hides the panels).
  const bool while_starting = std::holds_alternative<session::cmd::GetStatus>(command) ||
                              std::holds_alternative<session::cmd::ShowPanels>(command) ||
                              std::holds_alternative<session::cmd::SetLanguage>(command);
  if (phase_ != Phase::kRunning && !while_starting)
    return refused(std::string(session::command_name(command)) +
                   ": the explorer is still starting; try again in a moment");
  using namespace session::cmd;
  return std::visit(
      Overloaded{
          [&](const FlyTo& c) -> json {
            auto p = resolve_place(c.place);
            if (!p) return refused("fly_to: " + p.error().message);
            fly_camera_to(p->lat_deg, p->lon_deg, c.distance_m.value_or(p->view_distance_m),
                          c.pitch_deg, c.heading_deg);
            return ok();
          },
          [&](const StandHere& c) -> json {
            auto p = resolve_place(c.place);
            if (!p) return refused("stand_here: " + p.error().message);
            if (!stand_here(p->lat_deg, p->lon_deg, c.heading_deg.value_or(std::nanf(""))))
              return refused("stand_here: the place is not on the terrain shown");
            return ok();
          },
          [&](const Orbit&) -> json {
            orbit_view();
            return ok();
          },
          [&](const SelectSite& c) -> json {
            if (const int i = ui::landing_site_index(c.site); i >= 0) {
              session_.sky_site = i;
              return ok();
            }
            auto p = resolve_place(session::Place{c.site});
            if (!p) return refused("select_site: " + p.error().message);
            session_.map_click = session::MapPick{p->lat_deg, p->lon_deg, 0.0};
            session_.sky_site = session::kSkySiteMapClick;
            return ok();
          },
          [&](const SetClock& c) -> json {
            session_.clock.seek(c.at);
            return ok();
          },
          [&](const Play& c) -> json {
            auto s = session_.clock.play_at(c.speed_s_per_s);
            return s ? ok() : refused("play: " + s.error().message);
          },
          [&](const Pause&) -> json {
            session_.clock.pause();
            return ok();
          },
          [&](const FollowSpan& c) -> json {
            auto s = session_.clock.follow_span(c.span);
            return s ? ok() : refused("follow_span: " + s.error().message);
          },
          [&](const SetOverlay& c) -> json {
            session_.overlay = c.overlay;
            // Slope colours are the View panel's colour mode 2; any other choice leaves them.
            if (c.slope)
              session_.view.color_mode = 2;
            else if (session_.view.color_mode == 2)
              session_.view.color_mode = 0;
            if (c.overlay != session::Overlay::kNone) ui_.panels.illumination = true;
            return ok();
          },
          [&](const ShowPanels& c) -> json {
            session_.panels_visible = c.visible;
            return ok();
          },
          [&](const OpenPanel& c) -> json {
            if (bool* flag = ui::panel_flag(ui_.panels, c.name)) *flag = c.open;
            return ok();
          },
          [&](const SetLanguage& c) -> json {
            session_.language = c.lang;
            return ok();
          },
          [&](const ComputeMaps& c) -> json {
            if (c.window_days) ui_.illumination.window_days = *c.window_days;
            if (c.step_hours) ui_.illumination.step_hours = *c.step_hours;
            illumination_.request_backend(c.backend);
            illumination_.request_threads(c.threads.value_or(0));
            ui_.panels.illumination = true;
            ui_.illumination.compute_maps = true;
            return ok();
          },
          [&](const OpenImport&) -> json {
            if (!platform::can_import_files())
              return refused("open_import: this build has no file picker (use ce8 terrain import)");
            platform::open_import_dialog();
            return ok();
          },
          [&](const RestoreBuiltin&) -> json {
            restore_builtin();
            return ok();
          },
          [&](const ResetView&) -> json {
            orbit_view();
            reset_camera(true);
            return ok();
          },
          [&](const GetStatus&) -> json {
            json reply = ok();
            reply["status"] = status();
            return reply;
          },
          [&](const auto&) -> json { return execute_traverse(command); },
      },
      command);
}

std::string App::execute_json(std::string_view text) {
  auto command = session::command_from_json(text);
  const json reply = command ? execute(*command) : refused(command.error().message);
  return reply.dump(-1, ' ', false, json::error_handler_t::replace);
}

void App::run_panel_commands() {
  std::vector<session::Command> queued;
  queued.swap(ui_.commands);
  for (const session::Command& c : queued) {
    const json reply = execute(c);
    if (!reply.value("ok", false)) ui_.status.error = reply.value("error", std::string());
  }
}

json App::status() const {
  const scenario::ClockController& clock = session_.clock;
  json s;
  s["phase"] = phase_ == Phase::kRunning  ? "running"
               : phase_ == Phase::kFailed ? "failed"
                                          : "starting";
  s["time_iso"] = iso_utc(clock.now());
  s["time_tt_s"] = clock.now_tt_s();
  s["clock_mode"] = scenario::clock_mode_name(clock.mode());
  s["playing"] = clock.playing();
  s["speed"] = clock.rate_s_per_s();
  const int site = session_.sky_site;
  const auto sites = ui::landing_sites();
  if (site >= 1 && site <= static_cast<int>(sites.size())) {
    const ui::NamedSite& n = sites[static_cast<size_t>(site - 1)];
    s["site"] = {{"id", n.id}, {"name", n.name}, {"lat", n.lat_deg}, {"lon", n.lon_deg}};
  } else if (site == session::kSkySiteMapClick && session_.map_click) {
    s["site"] = {{"id", "map-click"},
                 {"lat", session_.map_click->lat_deg},
                 {"lon", session_.map_click->lon_deg}};
  } else {
    const ui::NamedSite& pole = ui::south_pole();
    s["site"] = {
        {"id", pole.id}, {"name", pole.name}, {"lat", pole.lat_deg}, {"lon", pole.lon_deg}};
  }
  s["overlay"] = session::overlay_name(session_.overlay);
  s["language"] = session_.language;
  s["panels_visible"] = session_.panels_visible;
  s["view"] = view_mode_name();
  // Where the camera is now (touch and mouse tests read it; rounded so a still camera is still).
  const render::OrbitPose& cam = camera_.pose();
  auto round_to = [](double v, double step) { return std::round(v / step) * step; };
  s["camera"] = {{"distance_m", round_to(cam.distance_m, 1.0)},
                 {"target_x_m", round_to(cam.target_m.x, 1.0)},
                 {"target_y_m", round_to(cam.target_m.y, 1.0)},
                 {"yaw_deg", round_to(glm::degrees(cam.yaw_rad), 0.01)},
                 {"pitch_deg", round_to(glm::degrees(cam.pitch_rad), 0.01)}};
  s["rover"] = session_.rover;
  json stops = json::array();
  for (const auto& [lat, lon] : session_.stops) stops.push_back({lat, lon});
  s["stops"] = stops;
  s["terrain"] = {{"source", source_},
                  {"width", dem_.grid.width},
                  {"height", dem_.grid.height},
                  {"cell_m", dem_.grid.cell_m},
                  {"local_tile", ui_.terrain.local_tile},
                  {"job", ui_.terrain.job}};
  s["shadows_ready"] = ui_.illumination.shadows_ready;
  s["maps_ready"] = ui_.illumination.maps_ready;
  s["maps"] = illumination_.maps_status();
  s["frame_ms"] = frame_profile_.summary();
  // The 3D scene's resolution as a fraction of the screen's (adaptive unless fixed).
  s["render"] = {{"scale", std::round(render_scale_.scale() * 100.0) / 100.0},
                 {"fixed", render_scale_.fixed()},
                 {"triangles", ui_.status.triangles}};
  // How background jobs run in this build: on worker threads, or in slices of the frame.
  s["jobs"] = {
      {"threads", jobs::BackgroundJob::default_mode() == jobs::BackgroundJob::Mode::kThread},
      {"job_threads", jobs::BackgroundJob::default_threads()}};
  s["traverse"] = traverse_.status(ui_);
  return s;
}

void App::play_traverse_when_planned() {
  const ui::TraverseUi& t = ui_.traverse;
  if (!play_when_planned_ || t.plan_requested || t.planning) return;
  play_when_planned_ = false;
  if (session_.traverse && !session_.traverse->drive.timeline.empty())
    execute(session::cmd::PlayTraverse{true});
}

}  // namespace ce8::app

#include "app/illumination_view.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#ifdef __EMSCRIPTEN__
#include <emscripten/html5_webgl.h>
#endif

#include "app/platform.hpp"
#include "engine/illumination/visibility_job.hpp"
#include "engine/jobs/jobs.hpp"
#include "engine/terrain/projection.hpp"
#include "ui/overlay_palette.hpp"
#include "ui/sites.hpp"

namespace ce8::app {
namespace {

constexpr double kSunRadiusKm = 695700.0;
// The Sun must move this much (or the map be this old while it moves) before the shadow texture
// is recomputed: 0.02 deg is a shadow edge shift of 35 m per 100 km of shadow length.
constexpr double kSunMoveRad = 0.02 * 3.14159265358979 / 180.0;
// "auto" on a software renderer: how long the GPU and the CPU race before the slower stops.
constexpr double kRaceS = 1.5;

// The GPU's name. WebGL says "WebKit WebGL" for GL_RENDERER: the real one (SwiftShader, a
// hardware GPU) needs WEBGL_debug_renderer_info's UNMASKED_RENDERER_WEBGL.
std::string gpu_renderer() {
#ifdef __EMSCRIPTEN__
  const EMSCRIPTEN_WEBGL_CONTEXT_HANDLE ctx = emscripten_webgl_get_current_context();
  if (ctx && emscripten_webgl_enable_extension(ctx, "WEBGL_debug_renderer_info")) {
    if (char* name = emscripten_webgl_get_parameter_utf8(0x9246 /* UNMASKED_RENDERER */)) {
      std::string r = name;
      std::free(name);
      return r;
    }
  }
#endif
  const auto* name = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
  return name ? name : "";
}

const char* backend_name(session::cmd::MapsBackend b) {
  using session::cmd::MapsBackend;
  return b == MapsBackend::kGpu ? "gpu" : b == MapsBackend::kCpu ? "cpu" : "auto";
}

}  // namespace

void IlluminationView::reset() {
  if (horizon_job_) horizon_job_->cancel();
  if (maps_job_) maps_job_->cancel();
  maps_job_.reset();  // references horizon_ and small_: goes first
  visibility_job_.reset();
  cell_frames_.reset();
  maps_gpu_.reset();
  horizon_job_.reset();
  maps_.reset();
  horizon_.reset();
  small_.reset();
  stats_ = {};
  frames_ = 0;
  horizon_cancelled_ = false;
  last_update_s_ = -1e9;
  overlay_uploaded_ = session::Overlay::kNone;
  series_key_.clear();
}

void IlluminationView::start_horizon(const terrain::Dem& dem, ui::IlluminationUi& ui) {
  const int longest = std::max(dem.grid.width, dem.grid.height);
  const int factor = std::max(1, (longest + kShadowCells - 1) / kShadowCells);
  if (factor > 1) {
    auto smaller = terrain::downsample_mean(dem, factor);
    if (!smaller) {
      ui.error = "Shadows: " + smaller.error().message;
      horizon_cancelled_ = true;
      return;
    }
    small_ = std::make_unique<terrain::Dem>(std::move(*smaller));
  } else {
    small_ = std::make_unique<terrain::Dem>(dem);
  }
  illumination::HorizonOptions options;
  options.directions = kShadowDirections;
  auto job = illumination::HorizonJob::create(*small_, options);
  if (!job) {
    ui.error = "Shadows: " + job.error().message;
    small_.reset();
    horizon_cancelled_ = true;
    return;
  }
  horizon_job_ = std::make_unique<jobs::BackgroundJob>(
      std::make_unique<illumination::HorizonJob>(std::move(*job)));
  horizon_started_s_ = 0.0;
}

void IlluminationView::update_visibility(const glm::vec3& sun_world, double sun_distance_km,
                                         render::DemRenderer& renderer, double budget_s,
                                         double now_s) {
  if (visibility_job_) {
    finish_visibility(renderer, budget_s, now_s);
    return;
  }
  const glm::vec3 s = glm::length(sun_world) > 0.0f ? sun_world / glm::length(sun_world)
                                                    : glm::vec3(0.0f, 0.0f, 1.0f);
  const double cos_moved = static_cast<double>(s.x) * last_sun_.x +
                           static_cast<double>(s.y) * last_sun_.y +
                           static_cast<double>(s.z) * last_sun_.z;
  const double moved = std::acos(std::clamp(cos_moved, -1.0, 1.0));
  if (stats_.updates > 0 && moved < kSunMoveRad) return;
  // Keep the work under about a quarter of the time while the Sun moves continuously (it shares
  // the cores with the page's rasteriser).
  if (stats_.updates > 0 && now_s - last_update_s_ < 3.0 * stats_.work_ms / 1000.0) return;
  // Terrain world = (body y, body x, -body z) (scenario/terrain_frame.hpp): and back.
  const illumination::Vec3 body{s.y, s.x, -s.z};
  const double radius = std::asin(std::min(1.0, kSunRadiusKm / std::max(sun_distance_km, 1e6)));
  auto job = illumination::SunVisibilityJob::create(*small_, *horizon_, body, radius, cell_frames_);
  if (!job) return;
  // One thread (or slices): a map is tens of milliseconds once the cells' frames are known.
  visibility_job_ = std::make_unique<jobs::BackgroundJob>(std::move(*job),
                                                          jobs::BackgroundJob::default_mode(), 1);
  visibility_started_s_ = now_s;
  last_sun_ = s;
}

void IlluminationView::finish_visibility(render::DemRenderer& renderer, double budget_s,
                                         double now_s) {
  const jobs::JobState st = visibility_job_->poll(budget_s);
  if (st == jobs::JobState::kRunning) return;
  if (st == jobs::JobState::kDone) {
    auto& job = visibility_job_->as<illumination::SunVisibilityJob>();
    const double wall_s = now_s - visibility_started_s_;
    const bool sliced = visibility_job_->mode() == jobs::BackgroundJob::Mode::kSlices;
    cell_frames_ = job.frames();
    const std::vector<float> vis = job.take_result();
    vis_bytes_.resize(vis.size());
    for (std::size_t k = 0; k < vis.size(); ++k) {
      const float v = vis[k];
      vis_bytes_[k] =
          std::isfinite(v)
              ? static_cast<std::uint8_t>(std::lround(std::clamp(v, 0.0f, 1.0f) * 255.0f))
              : 255;
    }
    renderer.set_shadow_map(small_->grid, vis_bytes_.data());
    stats_.update_ms = 1000.0 * wall_s;
    stats_.work_ms = 1000.0 * (sliced ? visibility_job_->main_thread_s() : wall_s);
    ++stats_.updates;
    last_update_s_ = now_s;
  }
  visibility_job_.reset();
}

void IlluminationView::start_maps(const ui::UiModel& model) {
  const ui::IlluminationUi& ui = model.illumination;
  window_from_ = model.session.clock.now();
  illumination::TimeWindow w;
  w.from = model.session.clock.now();
  const double days = std::clamp(static_cast<double>(ui.window_days), 1.0, 366.0);
  w.until =
      time::Instant::from_tt_seconds_since_j2000(w.from.tt_seconds_since_j2000() + days * 86400.0);
  w.step_s = std::clamp(static_cast<double>(ui.step_hours), 1.0, 48.0) * 3600.0;
  maps_job_.reset();
  maps_gpu_.reset();
  gpu_note_.clear();
  maps_w_ = w;
  maps_started_s_ = jobs::monotonic_seconds();
  maps_work_s_ = 0.0;
  maps_job_threads_ = 0;
  char text[96];
  std::snprintf(text, sizeof text, "%.1f days from the clock's time, every %.0f h", days,
                w.step_s / 3600.0);
  maps_window_ = text;
  racing_ = false;
  if (choose_gpu() && start_gpu_maps(w)) {
    if (racing_) start_cpu_maps(w);
    return;
  }
  racing_ = false;
  start_cpu_maps(w);
}

void IlluminationView::start_cpu_maps(const illumination::TimeWindow& w) {
  auto job = illumination::IlluminationJob::create(*small_, *horizon_, w);
  if (!job) return;
  const int threads =
      threads_request_ > 0 ? threads_request_ : jobs::BackgroundJob::default_threads();
  maps_job_ = std::make_unique<jobs::BackgroundJob>(
      std::make_unique<illumination::IlluminationJob>(std::move(*job)),
      jobs::BackgroundJob::default_mode(), threads);
  maps_job_threads_ =
      maps_job_->mode() == jobs::BackgroundJob::Mode::kThread ? maps_job_->threads() : 0;
}

bool IlluminationView::choose_gpu() {
  using session::cmd::MapsBackend;
  if (backend_request_ == MapsBackend::kCpu) {
    gpu_note_ = "the CPU was asked for";
    return false;
  }
  if (!render::illumination_gpu_supported(small_->grid.width, small_->grid.height,
                                          horizon_->directions(), &gpu_note_))
    return false;
  const std::string renderer = gpu_renderer();
  if (backend_request_ == MapsBackend::kAuto && render::is_software_renderer(renderer)) {
    // Measured (docs/illumination.md): on software rasterisers either can win (the window's
    // length, threads or slices): both start, and the one further along after kRaceS goes on.
    gpu_note_ = "a software renderer (" + renderer + ")";
    racing_ = true;
  }
  return true;
}

bool IlluminationView::start_gpu_maps(const illumination::TimeWindow& w) {
  maps_gpu_ = std::make_unique<render::IlluminationGpu>();
  const Status s = maps_gpu_->start(*small_, *horizon_, w);
  if (!s) {
    gpu_note_ = s.error().message;
    maps_gpu_.reset();
    return false;
  }
  gpu_batch_ = 4;
  return true;
}

// Passes within the frame's budget; the batch follows the measured time per instant. Any error
// hands the window to the CPU.
void IlluminationView::step_gpu_maps(ui::UiModel& model, double budget_s) {
  const double t0 = jobs::monotonic_seconds();
  const std::int64_t before = maps_gpu_->instants_done();
  Status s = maps_gpu_->step(budget_s, gpu_batch_);
  const double spent = jobs::monotonic_seconds() - t0;
  maps_work_s_ += spent;
  const std::int64_t done = maps_gpu_->instants_done() - before;
  if (s && done > 0 && spent > 0.0)
    gpu_batch_ = static_cast<int>(
        std::clamp(0.8 * budget_s / (spent / static_cast<double>(done)), 1.0, 1024.0));
  if (s && maps_gpu_->done()) {
    auto m = maps_gpu_->result(*small_, *horizon_);
    if (m) {
      maps_cpu_cells_ = maps_gpu_->cpu_cells();
      maps_threads_ = 0;
      maps_job_s_ = maps_work_s_;
      maps_gpu_.reset();
      maps_job_.reset();  // the CPU lost the race
      racing_ = false;
      maps_backend_ = "gpu";
      finish_maps(model, std::move(*m));
      return;
    }
    s = m.error();
  }
  if (!s) {
    gpu_note_ = s.error().message;
    maps_gpu_.reset();
    racing_ = false;
    if (!maps_job_) start_cpu_maps(maps_w_);
  }
}

void IlluminationView::decide_race() {
  if (!racing_) return;
  if (!maps_gpu_ || !maps_job_) {
    racing_ = false;
    return;
  }
  const double elapsed = jobs::monotonic_seconds() - maps_started_s_;
  const double gpu = maps_gpu_->progress(), cpu = maps_job_->progress();
  if (elapsed < kRaceS || (gpu <= 0.0 && cpu <= 0.0)) return;
  racing_ = false;
  const bool gpu_wins = gpu >= cpu;
  char text[160];
  std::snprintf(text, sizeof text, ": raced %.1f s, GPU %.1f%% vs CPU %.1f%% done; the %s goes on",
                elapsed, 100.0 * gpu, 100.0 * cpu, gpu_wins ? "GPU" : "CPU");
  gpu_note_ += text;
  if (gpu_wins)
    maps_job_.reset();
  else
    maps_gpu_.reset();
}

nlohmann::json IlluminationView::maps_status() const {
  nlohmann::json j;
  j["requested"] = backend_name(backend_request_);
  j["running"] = maps_gpu_ ? "gpu" : maps_job_ ? "cpu" : "";
  j["progress"] = maps_gpu_ ? maps_gpu_->progress() : maps_job_ ? maps_job_->progress() : 0.0;
  j["backend"] = maps_backend_;
  j["compute_s"] = maps_compute_s_;
  j["job_s"] = maps_job_s_;
  j["threads"] = maps_threads_;
  j["threads_requested"] = threads_request_;
  j["default_threads"] = jobs::BackgroundJob::default_threads();
  j["max_threads"] = jobs::BackgroundJob::max_threads();
  j["gpu_note"] = gpu_note_;
  j["cpu_cells"] = maps_cpu_cells_;
  j["runs"] = maps_runs_;
  if (maps_) j.update(maps_summary_);
  return j;
}

// Summary numbers over the cells with data (a GPU and a CPU run compare through them), once per
// set of maps: the status is built every frame.
nlohmann::json IlluminationView::summarize(const illumination::IlluminationMap& maps) {
  double lit = 0.0, earth = 0.0, dark = 0.0, dark_max = 0.0;
  long long cells = 0, shadow = 0;
  for (std::size_t k = 0; k < maps.percent_lit.size(); ++k) {
    if (!std::isfinite(maps.percent_lit[k])) continue;
    ++cells;
    lit += maps.percent_lit[k];
    earth += maps.percent_earth[k];
    dark += maps.longest_dark_h[k];
    dark_max = std::max(dark_max, static_cast<double>(maps.longest_dark_h[k]));
    shadow += maps.permanent_shadow[k] > 0.5f;
  }
  const double n = cells > 0 ? static_cast<double>(cells) : 1.0;
  nlohmann::json j;
  j["instants"] = maps.instants;
  j["cells"] = cells;
  j["mean_percent_lit"] = lit / n;
  j["mean_percent_earth"] = earth / n;
  j["mean_longest_dark_h"] = dark / n;
  j["max_longest_dark_h"] = dark_max;
  j["shadow_cells"] = shadow;
  return j;
}

void IlluminationView::finish_maps(ui::UiModel& model, illumination::IlluminationMap map) {
  maps_ = std::make_unique<illumination::IlluminationMap>(std::move(map));
  maps_summary_ = summarize(*maps_);
  overlay_uploaded_.reset();  // re-upload whatever is chosen
  maps_compute_s_ = jobs::monotonic_seconds() - maps_started_s_;
  ++maps_runs_;
  char text[240];
  std::snprintf(text, sizeof text,
                "%s; %lld instants, computed on the %s in %.1f s (%.1f s of work)",
                maps_window_.c_str(), static_cast<long long>(maps_->instants),
                maps_backend_ == "gpu" ? "GPU" : "CPU", maps_compute_s_,
                maps_job_threads_ > 0 ? maps_compute_s_ : maps_work_s_);
  model.illumination.maps_note = text;
  model.illumination.sites.clear();
  for (const ui::NamedSite& site : ui::landing_sites()) {
    ui::IlluminationUi::SiteNumbers n;
    n.name = site.name.c_str();  // the table lives as long as the program
    const terrain::CellPos c =
        small_->grid.to_cell(terrain::to_map(terrain::latlon_deg(site.lat_deg, site.lon_deg)));
    const long i = std::lround(c.i), j = std::lround(c.j);
    if (i >= 0 && j >= 0 && i < small_->grid.width && j < small_->grid.height) {
      const std::size_t k = static_cast<std::size_t>(j) * small_->grid.width + i;
      n.percent_lit = maps_->percent_lit[k];
      n.percent_earth = maps_->percent_earth[k];
      n.longest_dark_h = maps_->longest_dark_h[k];
      n.valid = std::isfinite(n.percent_lit);
    }
    model.illumination.sites.push_back(n);
  }
}

void IlluminationView::upload_overlay(session::Overlay kind, render::DemRenderer& renderer) {
  if (!maps_ || kind == session::Overlay::kNone) return;
  using session::Overlay;
  const std::size_t cells = maps_->grid.cells();
  std::vector<std::uint8_t> rgba(cells * 4, 0);
  for (std::size_t k = 0; k < cells; ++k) {
    ui::Rgba c{0, 0, 0, 0};
    if (kind == Overlay::kPercentLit && std::isfinite(maps_->percent_lit[k]))
      c = ui::ramp(ui::kLitStops, maps_->percent_lit[k]);
    if (kind == Overlay::kEarthInView && std::isfinite(maps_->percent_earth[k]))
      c = ui::ramp(ui::kEarthStops, maps_->percent_earth[k]);
    if (kind == Overlay::kPermanentShadow && maps_->permanent_shadow[k] > 0.5f)
      c = ui::kShadowColor;
    rgba[4 * k] = c.r;
    rgba[4 * k + 1] = c.g;
    rgba[4 * k + 2] = c.b;
    rgba[4 * k + 3] = c.a;
  }
  renderer.set_overlay(maps_->grid, rgba.data());
  overlay_uploaded_ = kind;
}

void IlluminationView::update_series(const terrain::Dem& dem, ui::UiModel& model) {
  ui::IlluminationUi& ui = model.illumination;
  const char* name = ui::south_pole().name.c_str();
  double lat = ui::south_pole().lat_deg, lon = ui::south_pole().lon_deg;
  if (model.session.sky_site >= 1 &&
      model.session.sky_site <= static_cast<int>(ui::landing_sites().size())) {
    const ui::NamedSite& s =
        ui::landing_sites()[static_cast<std::size_t>(model.session.sky_site - 1)];
    name = s.name.c_str();
    lat = s.lat_deg;
    lon = s.lon_deg;
  } else if (model.session.sky_site == ui::kSkySiteMapClick && model.session.map_click) {
    name = "Map click";
    lat = model.session.map_click->lat_deg;
    lon = model.session.map_click->lon_deg;
  }
  if (!window_from_) window_from_ = model.session.clock.now();
  const double days = std::clamp(static_cast<double>(ui.window_days), 1.0, 366.0);
  char key[160];
  std::snprintf(key, sizeof key, "%.5f %.5f %.0f %.3f %d", lat, lon,
                window_from_->tt_seconds_since_j2000(), days, dem.grid.width);
  if (key == series_key_) return;
  series_key_ = key;
  illumination::TimeWindow w;
  w.from = *window_from_;
  w.until =
      time::Instant::from_tt_seconds_since_j2000(w.from.tt_seconds_since_j2000() + days * 86400.0);
  w.step_s = std::max(3600.0, days * 86400.0 / 1500.0);  // at most ~1500 points
  illumination::HorizonOptions options;
  options.directions = 64;
  auto series = illumination::site_time_series(dem, terrain::to_map(terrain::latlon_deg(lat, lon)),
                                               w, options);
  ui.series_site = name;
  ui.series_sun.clear();
  ui.series_earth.clear();
  ui.series_from_tt_s = w.from.tt_seconds_since_j2000();
  ui.series_step_s = w.step_s;
  if (!series) {
    ui.series_error = series.error().message;
    return;
  }
  ui.series_error.clear();
  for (const auto& s : *series) {
    ui.series_sun.push_back(static_cast<float>(s.sun_visible_fraction));
    ui.series_earth.push_back(static_cast<float>(s.earth_visible_fraction));
  }
}

void IlluminationView::update(const terrain::Dem& dem, bool terrain_busy,
                              const glm::vec3& sun_world, ui::UiModel& model,
                              render::DemRenderer& renderer, double budget_s, double now_s) {
  ui::IlluminationUi& ui = model.illumination;
  ++frames_;
  if (ui.cancel_shadows) {
    ui.cancel_shadows = false;
    if (horizon_job_) horizon_job_->cancel();
  }
  if (ui.restart_shadows) {
    ui.restart_shadows = false;
    if (!horizon_job_ && !horizon_) {
      horizon_cancelled_ = false;
      frames_ = 1000;
    }
  }
  if (dem.grid.cells() == 0) return;
  // The first frames belong to the start-up (the page shows the terrain first).
  if (!horizon_ && !horizon_job_ && !horizon_cancelled_ && frames_ > 10 && !terrain_busy)
    start_horizon(dem, ui);
  if (horizon_job_ && !terrain_busy) {
    if (horizon_started_s_ == 0.0) horizon_started_s_ = now_s;
    const jobs::JobState st = horizon_job_->poll(budget_s);
    // Work: the main thread's slices, or the worker's wall time.
    stats_.horizon_work_s = horizon_job_->mode() == jobs::BackgroundJob::Mode::kSlices
                                ? horizon_job_->main_thread_s()
                                : now_s - horizon_started_s_;
    if (st == jobs::JobState::kDone) {
      horizon_ = std::make_unique<illumination::HorizonMap>(
          horizon_job_->as<illumination::HorizonJob>().take_result());
      horizon_job_.reset();
      stats_.ready = true;
      stats_.horizon_wall_s = now_s - horizon_started_s_;
      stats_.horizon_bytes = horizon_->elevation_rad.size() * sizeof(float);
    } else if (st != jobs::JobState::kRunning) {
      horizon_job_.reset();
      small_.reset();
      horizon_cancelled_ = true;
    }
  }
  ui.shadow_job_running = horizon_job_ != nullptr;
  ui.shadow_progress = horizon_job_ ? static_cast<float>(horizon_job_->progress()) : 0.0f;
  if (horizon_ && ui.cast_shadows)
    update_visibility(sun_world, model.session.sky.sun_distance_km, renderer, budget_s, now_s);
  // Ready once they can be drawn: the horizon map and, with cast shadows on, the first Sun map.
  ui.shadows_ready = stats_.ready && (stats_.updates > 0 || !ui.cast_shadows);

  // Maps over the window.
  if (ui.cancel_maps) {
    ui.cancel_maps = false;
    if (maps_job_) maps_job_.reset();
    maps_gpu_.reset();
  }
  if (horizon_) {
    if (ui.compute_maps ||
        (model.session.overlay != session::Overlay::kNone && !maps_ && !maps_job_ && !maps_gpu_))
      start_maps(model);
    ui.compute_maps = false;
    // Racing: each gets half of the frame's budget.
    const double maps_budget_s = racing_ ? budget_s / 2.0 : budget_s;
    if (maps_gpu_ && !terrain_busy) step_gpu_maps(model, maps_budget_s);
    if (maps_job_ && !terrain_busy) {
      const jobs::JobState st = maps_job_->poll(maps_budget_s);
      maps_work_s_ = maps_job_->main_thread_s();
      if (st == jobs::JobState::kDone) {
        illumination::IlluminationMap m =
            maps_job_->as<illumination::IlluminationJob>().take_result();
        maps_gpu_.reset();  // the GPU lost the race
        racing_ = false;
        maps_backend_ = "cpu";
        maps_cpu_cells_ = 0;
        maps_threads_ = maps_job_->threads();
        maps_job_s_ = maps_job_->work_s();
        maps_job_.reset();
        finish_maps(model, std::move(m));
      } else if (st != jobs::JobState::kRunning) {
        maps_job_.reset();
      }
    }
    decide_race();
    if (maps_ && model.session.overlay != overlay_uploaded_ &&
        model.session.overlay != session::Overlay::kNone)
      upload_overlay(model.session.overlay, renderer);
  }
  ui.compute_maps = false;
  ui.maps_running = maps_job_ != nullptr || maps_gpu_ != nullptr;
  ui.maps_progress = maps_job_   ? static_cast<float>(maps_job_->progress())
                     : maps_gpu_ ? static_cast<float>(maps_gpu_->progress())
                                 : 0.0f;
  ui.maps_ready = maps_ != nullptr;

  char note[240];
  if (stats_.ready)
    std::snprintf(note, sizeof note,
                  "Horizon map: %d x %d cells of %.0f m, %d directions (%.0f MiB), built in %.1f s "
                  "(%.1f s of work); Sun visibility update %.1f ms",
                  small_->grid.width, small_->grid.height, small_->grid.cell_m, kShadowDirections,
                  static_cast<double>(stats_.horizon_bytes) / (1024.0 * 1024.0),
                  stats_.horizon_wall_s, stats_.horizon_work_s, stats_.update_ms);
  else
    std::snprintf(note, sizeof note, "%s", horizon_cancelled_ ? "Shadows cancelled." : "");
  ui.shadow_note = note;

  if (model.panels.illumination) update_series(dem, model);
}

}  // namespace ce8::app

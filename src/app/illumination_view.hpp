// Light and line of sight in the explorer: the engine's horizon map of the regional terrain,
// built in the background (stepped within a per-frame budget: the same code path natively and in
// the single-threaded WebAssembly build), then per-frame Sun visibility uploaded as the renderer's
// cast-shadow texture; illumination maps over a window as colour overlays with the landing-site
// numbers; the Sky panel site's Sun/Earth timeline.
//
// Memory: the horizon is computed on a block-averaged copy of at most kShadowCells per side
// (512 x 512 cells of 900 m for the built-in 1024 x 1024 terrain) in kShadowDirections
// directions: 512² x 32 x 4 bytes = 32 MiB, plus 4 x 1 MiB of maps and a 256 KiB texture.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <glm/vec3.hpp>
#include <nlohmann/json.hpp>

#include "engine/ephemeris/sky.hpp"
#include "engine/illumination/horizon.hpp"
#include "engine/illumination/illumination_map.hpp"
#include "engine/illumination/visibility_job.hpp"
#include "engine/jobs/background.hpp"
#include "engine/session/commands.hpp"
#include "engine/session/session.hpp"
#include "engine/terrain/dem.hpp"
#include "render/dem_renderer.hpp"
#include "render/illumination_gpu.hpp"
#include "ui/ui.hpp"

namespace ce8::app {

inline constexpr int kShadowCells = 512;
inline constexpr int kShadowDirections = 32;

struct ShadowStats {
  bool ready = false;
  double horizon_work_s = 0.0;  // time spent inside HorizonJob::step
  double horizon_wall_s = 0.0;  // from start to done (spread over frames)
  double update_ms = 0.0;       // last Sun visibility map: from its start to its upload
  double work_ms = 0.0;         // its work (the main thread's slices, or its thread's time)
  long long updates = 0;        // visibility maps uploaded so far
  std::size_t horizon_bytes = 0;
};

class IlluminationView {
 public:
  // Forgets everything (the terrain was replaced): jobs cancelled, textures stay until replaced.
  void reset();
  // Once per frame, after the UI: steps the background jobs within `budget_s` (none while
  // `terrain_busy`), follows the Sun (`sun_world`: toward the Sun, terrain world frame) and the
  // panel's requests, and fills model.illumination.
  void update(const terrain::Dem& dem, bool terrain_busy, const glm::vec3& sun_world,
              ui::UiModel& model, render::DemRenderer& renderer, double budget_s, double now_s);
  const ShadowStats& stats() const { return stats_; }
  bool overlay_shown() const {
    return overlay_uploaded_ && *overlay_uploaded_ != session::Overlay::kNone;
  }
  // Where the next maps are integrated (compute_maps' "backend"); see choose_backend().
  void request_backend(session::cmd::MapsBackend b) { backend_request_ = b; }
  // Threads of the next maps on the CPU (compute_maps' "threads"); 0: the build's default.
  void request_threads(int threads) { threads_request_ = threads; }
  // The status's "maps": the backend asked for and used, the threads, the time, why the GPU was
  // not used, and summary numbers of the maps (docs/commands.md).
  nlohmann::json maps_status() const;

 private:
  void start_horizon(const terrain::Dem& dem, ui::IlluminationUi& ui);
  // Starts a Sun visibility map once the Sun has moved (SunVisibilityJob: a thread, or slices),
  // or advances the one in flight.
  void update_visibility(const glm::vec3& sun_world, double sun_distance_km,
                         render::DemRenderer& renderer, double budget_s, double now_s);
  // Polls the map in flight; when it is done, uploads it as the shadow texture.
  void finish_visibility(render::DemRenderer& renderer, double budget_s, double now_s);
  void start_maps(const ui::UiModel& model);
  // The GPU for kGpu, or for kAuto with float render targets (on a software renderer racing
  // the CPU: racing_); else the CPU (gpu_note_ says why not the GPU).
  bool choose_gpu();
  bool start_gpu_maps(const illumination::TimeWindow& w);
  void start_cpu_maps(const illumination::TimeWindow& w);
  void step_gpu_maps(ui::UiModel& model, double budget_s);
  // While racing (auto on a software renderer): after kRaceS, stops the one less far along.
  void decide_race();
  void finish_maps(ui::UiModel& model, illumination::IlluminationMap map);
  static nlohmann::json summarize(const illumination::IlluminationMap& maps);
  void upload_overlay(session::Overlay kind, render::DemRenderer& renderer);
  void update_series(const terrain::Dem& dem, ui::UiModel& model);

  int frames_ = 0;
  std::unique_ptr<terrain::Dem> small_;  // the horizon's DEM (stable address for the jobs)
  std::unique_ptr<illumination::HorizonMap> horizon_;
  std::unique_ptr<jobs::BackgroundJob> horizon_job_;  // an illumination::HorizonJob
  double horizon_started_s_ = 0.0;
  bool horizon_cancelled_ = false;
  ShadowStats stats_;
  glm::vec3 last_sun_{0.0f};
  double last_update_s_ = -1e9;
  std::vector<std::uint8_t> vis_bytes_;
  // The Sun map in flight (references small_ and horizon_) and the cells' frames it reuses.
  std::unique_ptr<jobs::BackgroundJob> visibility_job_;
  std::shared_ptr<const illumination::CellFrames> cell_frames_;
  double visibility_started_s_ = 0.0;

  std::unique_ptr<jobs::BackgroundJob> maps_job_;  // an illumination::IlluminationJob
  std::unique_ptr<illumination::IlluminationMap> maps_;
  nlohmann::json maps_summary_;  // summarize(*maps_), made when the maps arrive
  double maps_started_s_ = 0.0, maps_work_s_ = 0.0;
  int maps_job_threads_ = 0;  // 0: in slices
  int threads_request_ = 0;   // compute_maps' "threads"; 0: the build's default
  int maps_threads_ = 0;      // the last maps' CPU threads (1 in slices; 0: the GPU's)
  double maps_job_s_ = 0.0;   // the last maps' job time (thread run or sum of slices)
  std::string maps_window_;
  illumination::TimeWindow maps_w_;
  session::cmd::MapsBackend backend_request_ = session::cmd::MapsBackend::kAuto;
  std::unique_ptr<render::IlluminationGpu> maps_gpu_;  // the GPU's maps in progress
  int gpu_batch_ = 4;                                  // instants per pass (adapted per frame)
  std::string maps_backend_;                           // "gpu" or "cpu": the last maps'
  std::string gpu_note_;                               // why the GPU was not used, if not
  double maps_compute_s_ = 0.0;                        // start to finish, wall clock
  std::size_t maps_cpu_cells_ = 0;                     // the GPU's cells decided on the CPU
  long long maps_runs_ = 0;                            // maps finished so far
  bool racing_ = false;                                // GPU and CPU both running (auto)
  // The overlay now on the GPU (nullopt: whatever is chosen must be uploaded again).
  std::optional<session::Overlay> overlay_uploaded_ = session::Overlay::kNone;

  std::optional<time::Instant> window_from_;
  std::string series_key_;
};

}  // namespace ce8::app

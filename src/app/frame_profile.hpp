// Where a frame's time goes: wall time between marks in App::render(), per stage, averaged over
// windows of frames (the status object's "frame_ms", for the browser timings and the benchmark
// table). With GPU sync on (the page's ?profile query, or CE8_PROFILE=1 on the desktop) each
// mark first waits for the GL queue (glFinish; in the browser a one-pixel read), so a stage also
// carries the drawing it issued; without it, GL work is only queued and shows up where the queue
// next blocks (the swap).
#pragma once

#include <array>
#include <cstdint>

#include <nlohmann/json.hpp>

namespace ce8::app {

class FrameProfile {
 public:
  enum Stage { kUi, kJobs, kSky, kTerrain, kImGuiDraw, kSwap, kStageCount };

  explicit FrameProfile(bool gpu_sync = false) : gpu_sync_(gpu_sync) {}
  void set_gpu_sync(bool on) { gpu_sync_ = on; }
  bool gpu_sync() const { return gpu_sync_; }
  // Starts a frame's clock.
  void begin_frame();
  // The time since the previous mark (or begin_frame) goes to `stage`.
  void mark(Stage stage);
  // Ends the frame; every kWindow frames the averages are published.
  void end_frame();
  // The last window's mean per stage and per frame (ms), and whether GPU sync was on; empty
  // (null) until a window has passed.
  const nlohmann::json& summary() const { return summary_; }

  static constexpr int kWindow = 30;

 private:
  bool gpu_sync_ = false;
  double last_s_ = 0.0;
  double frame_start_s_ = 0.0;
  std::array<double, kStageCount> sum_s_{};
  double frame_sum_s_ = 0.0;
  int frames_ = 0;
  nlohmann::json summary_;
};

}  // namespace ce8::app

#include "app/frame_profile.hpp"

#include <cmath>

#include "app/app_internal.hpp"
#include "render/gl.hpp"

namespace ce8::app {

namespace {
constexpr const char* kStageNames[FrameProfile::kStageCount] = {"ui",      "jobs",       "sky",
                                                                "terrain", "imgui_draw", "swap"};
double rounded_ms(double s, int frames) {
  return std::round(10000.0 * s / frames) / 10.0;  // 0.1 ms
}

// Waits until the GL queue has run. WebGL's finish() returns at once (the GPU process runs the
// queue later), so in the browser a one-pixel read does the waiting: it must return the pixel
// as drawn by everything queued before it.
void wait_for_gpu() {
  glFinish();
#ifdef __EMSCRIPTEN__
  unsigned char pixel[4];
  glReadPixels(0, 0, 1, 1, GL_RGBA, GL_UNSIGNED_BYTE, pixel);
#endif
}
}  // namespace

void FrameProfile::begin_frame() {
  last_s_ = detail::now_s();
  frame_start_s_ = last_s_;
}

void FrameProfile::mark(Stage stage) {
  if (gpu_sync_) wait_for_gpu();
  const double now = detail::now_s();
  sum_s_[stage] += now - last_s_;
  last_s_ = now;
}

void FrameProfile::end_frame() {
  frame_sum_s_ += detail::now_s() - frame_start_s_;
  if (++frames_ < kWindow) return;
  nlohmann::json s;
  for (int k = 0; k < kStageCount; ++k) s[kStageNames[k]] = rounded_ms(sum_s_[k], frames_);
  s["frame"] = rounded_ms(frame_sum_s_, frames_);
  s["gpu_sync"] = gpu_sync_;
  summary_ = std::move(s);
  sum_s_ = {};
  frame_sum_s_ = 0.0;
  frames_ = 0;
}

}  // namespace ce8::app

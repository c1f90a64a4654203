// How many pixels the 3D scene gets: adaptive resolution. The governor watches the time between
// frames and lowers the scene's resolution (down to kMinScale of the screen's, in each axis) while
// frames come slower than the target, and raises it again once they come fast. A real GPU keeps
// scale 1 (full resolution, and the scene target is not even used); a software rasteriser
// (SwiftShader in a browser without a GPU, Mesa's llvmpipe) settles lower, where the frame rate
// stays usable. A fixed scale (the page's ?render_scale=, the desktop's --render-scale) turns
// the governor off, for screenshots that must be comparable.
#pragma once

#include <optional>

namespace ce8::render {

class RenderScaleGovernor {
 public:
  static constexpr float kMinScale = 0.5f;
  static constexpr float kMaxScale = 1.0f;
  // Frames slower than this (seconds between frames, smoothed) lower the scale...
  static constexpr double kSlowFrameS = 1.0 / 15.0;
  // ...and faster than this raise it.
  static constexpr double kFastFrameS = 1.0 / 40.0;
  // Frames to wait after a change before judging again (the new size must show in the timing).
  static constexpr int kSettleFrames = 6;

  // A fixed scale (clamped to [kMinScale, kMaxScale]); nullopt lets the governor decide.
  void set_fixed(std::optional<float> scale);
  // Feeds the time since the previous frame; returns the scale for the next frame.
  float update(double frame_interval_s);
  float scale() const { return scale_; }
  bool fixed() const { return fixed_; }
  // Smoothed seconds between frames (0 before the first).
  double smoothed_interval_s() const { return smoothed_s_; }

 private:
  float scale_ = kMaxScale;
  bool fixed_ = false;
  double smoothed_s_ = 0.0;
  int frames_since_change_ = 0;
};

}  // namespace ce8::render

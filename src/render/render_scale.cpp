#include "render/render_scale.hpp"

#include <algorithm>

namespace ce8::render {

void RenderScaleGovernor::set_fixed(std::optional<float> scale) {
  fixed_ = scale.has_value();
  scale_ = fixed_ ? std::clamp(*scale, kMinScale, kMaxScale) : kMaxScale;
  frames_since_change_ = 0;
}

float RenderScaleGovernor::update(double frame_interval_s) {
  if (fixed_ || !(frame_interval_s > 0.0)) return scale_;
  // A pause (tab hidden, a debugger, the window dragged) says nothing about drawing speed.
  const double dt = std::min(frame_interval_s, 1.0);
  smoothed_s_ = smoothed_s_ == 0.0 ? dt : 0.7 * smoothed_s_ + 0.3 * dt;
  if (++frames_since_change_ < kSettleFrames) return scale_;
  float next = scale_;
  // Small steps (the cost goes with the pixels, scale squared), judged again after settling.
  if (smoothed_s_ > kSlowFrameS && scale_ > kMinScale)
    next = scale_ * 0.8f;
  else if (smoothed_s_ < kFastFrameS && scale_ < kMaxScale)
    next = scale_ * 1.12f;
  next = std::clamp(next, kMinScale, kMaxScale);
  if (next != scale_) {
    scale_ = next;
    frames_since_change_ = 0;
  }
  return scale_;
}

}  // namespace ce8::render

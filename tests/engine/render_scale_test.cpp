// The adaptive resolution (render::RenderScaleGovernor): slow frames lower the scene's
// resolution step by step down to its floor, fast frames raise it back to full, a fixed scale
// stays put, and one long pause says nothing about drawing speed.
#include <gtest/gtest.h>

#include "render/render_scale.hpp"

namespace {

using ce8::render::RenderScaleGovernor;

float feed(RenderScaleGovernor& g, double interval_s, int frames) {
  float s = g.scale();
  for (int i = 0; i < frames; ++i) s = g.update(interval_s);
  return s;
}

TEST(RenderScale, SlowFramesLowerTheResolutionToTheFloorAndFastOnesRestoreIt) {
  RenderScaleGovernor g;
  EXPECT_EQ(g.scale(), 1.0f);
  EXPECT_EQ(feed(g, 1.0 / 60.0, 50), 1.0f);  // a real GPU keeps full resolution
  const float after_some = feed(g, 0.3, 2 * RenderScaleGovernor::kSettleFrames);
  EXPECT_LT(after_some, 1.0f);
  EXPECT_GT(after_some, RenderScaleGovernor::kMinScale);         // step by step, not at once
  EXPECT_EQ(feed(g, 0.3, 200), RenderScaleGovernor::kMinScale);  // never below the floor
  EXPECT_EQ(feed(g, 1.0 / 60.0, 200), 1.0f);
}

TEST(RenderScale, BetweenTheThresholdsTheScaleStays) {
  RenderScaleGovernor g;
  feed(g, 0.3, 12);
  const float s = feed(g, 0.045, 10);  // the smoothed interval comes down to 45 ms
  EXPECT_LT(s, 1.0f);
  EXPECT_EQ(feed(g, 0.045, 100), s);  // 22 fps: neither slow nor fast
}

TEST(RenderScale, AFixedScaleIsKeptAndClamped) {
  RenderScaleGovernor g;
  g.set_fixed(0.7f);
  EXPECT_TRUE(g.fixed());
  EXPECT_EQ(feed(g, 0.5, 100), 0.7f);
  g.set_fixed(0.1f);
  EXPECT_EQ(g.scale(), RenderScaleGovernor::kMinScale);
  g.set_fixed(std::nullopt);
  EXPECT_FALSE(g.fixed());
  EXPECT_EQ(g.scale(), 1.0f);
}

TEST(RenderScale, ALongPauseIsNotASlowFrame) {
  RenderScaleGovernor g;
  feed(g, 1.0 / 60.0, 20);
  g.update(30.0);  // the tab was hidden
  EXPECT_EQ(feed(g, 1.0 / 60.0, 20), 1.0f);
}

}  // namespace

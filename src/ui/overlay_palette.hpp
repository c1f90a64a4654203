// The illumination overlays' colours, defined once: the terrain overlay (app/illumination_view)
// and the Illumination panel's legends both read these stops.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <span>

#include "engine/session/session.hpp"

namespace ce8::ui {

struct Rgba {
  std::uint8_t r, g, b, a;
};

// Percent lit: night blue -> violet -> orange -> sunlight yellow (alpha: how much the overlay
// covers the shaded terrain).
inline constexpr Rgba kLitStops[] = {
    {20, 24, 90, 200}, {120, 50, 150, 190}, {235, 120, 40, 180}, {255, 236, 120, 170}};
// Earth in view: grey (never) -> blue -> bright cyan (always).
inline constexpr Rgba kEarthStops[] = {{60, 60, 70, 190}, {40, 90, 200, 185}, {80, 230, 240, 175}};
// Permanent shadow: one strong blue.
inline constexpr Rgba kShadowColor = {40, 70, 255, 235};

inline Rgba lerp(Rgba a, Rgba b, float t) {
  auto m = [t](std::uint8_t x, std::uint8_t y) {
    return static_cast<std::uint8_t>(std::lround(x + (y - x) * std::clamp(t, 0.0f, 1.0f)));
  };
  return {m(a.r, b.r), m(a.g, b.g), m(a.b, b.b), m(a.a, b.a)};
}

// A value 0..100 along evenly spaced stops.
inline Rgba ramp(std::span<const Rgba> stops, float percent) {
  const int last = static_cast<int>(stops.size()) - 1;
  const float s = std::clamp(percent / 100.0f, 0.0f, 1.0f) * static_cast<float>(last);
  const int i = std::min(static_cast<int>(s), last - 1);
  return lerp(stops[static_cast<size_t>(i)], stops[static_cast<size_t>(i + 1)],
              s - static_cast<float>(i));
}

inline std::span<const Rgba> overlay_stops(session::Overlay o) {
  switch (o) {
    case session::Overlay::kPercentLit:
      return kLitStops;
    case session::Overlay::kEarthInView:
      return kEarthStops;
    case session::Overlay::kPermanentShadow:
      return {&kShadowColor, 1};
    case session::Overlay::kNone:
      break;
  }
  return {};
}

}  // namespace ce8::ui

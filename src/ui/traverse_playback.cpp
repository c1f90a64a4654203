#include "ui/traverse_playback.hpp"

#include <algorithm>
#include <cmath>

namespace ce8::ui {

DriveState drive_state_at(const traverse::DriveResult& drive, double tt_s) {
  const auto& tl = drive.timeline;
  DriveState s;
  if (tl.empty()) return s;
  const double t0 = tl.front().tt_s, t1 = tl.back().tt_s;
  const double t = std::clamp(tt_s, t0, t1);
  s.fraction = t1 > t0 ? (t - t0) / (t1 - t0) : 1.0;
  // The last sample at or before t.
  auto it = std::upper_bound(tl.begin(), tl.end(), t,
                             [](double v, const traverse::DriveSample& x) { return v < x.tt_s; });
  const std::size_t i = it == tl.begin() ? 0 : static_cast<std::size_t>(it - tl.begin()) - 1;
  s.index = i;
  s.sample = tl[i];
  if (i + 1 < tl.size() && tl[i + 1].tt_s > tl[i].tt_s) {
    const traverse::DriveSample& a = tl[i];
    const traverse::DriveSample& b = tl[i + 1];
    const double f = (t - a.tt_s) / (b.tt_s - a.tt_s);
    auto mix = [f](double x, double y) { return x + (y - x) * f; };
    s.sample.tt_s = t;
    s.sample.xy.x_m = mix(a.xy.x_m, b.xy.x_m);
    s.sample.xy.y_m = mix(a.xy.y_m, b.xy.y_m);
    s.sample.lat_deg = mix(a.lat_deg, b.lat_deg);
    // Longitudes near the pole wrap: interpolate the short way round.
    double dlon = b.lon_deg - a.lon_deg;
    if (dlon > 180.0) dlon -= 360.0;
    if (dlon < -180.0) dlon += 360.0;
    s.sample.lon_deg = a.lon_deg + dlon * f;
    if (s.sample.lon_deg < 0.0) s.sample.lon_deg += 360.0;
    if (s.sample.lon_deg >= 360.0) s.sample.lon_deg -= 360.0;
    s.sample.height_m = mix(a.height_m, b.height_m);
    s.sample.soc = mix(a.soc, b.soc);
    s.sample.distance_m = mix(a.distance_m, b.distance_m);
  }
  // Heading: the last motion on the map up to here (else the first motion of the drive).
  auto heading_between = [&](std::size_t a, std::size_t b, double& out) {
    const double dx = tl[b].xy.x_m - tl[a].xy.x_m, dy = tl[b].xy.y_m - tl[a].xy.y_m;
    if (dx * dx + dy * dy < 1e-6) return false;
    out = std::atan2(dy, dx);
    return true;
  };
  bool found = false;
  for (std::size_t k = std::min(i + 1, tl.size() - 1); k > 0 && !found; --k)
    found = heading_between(k - 1, k, s.heading_map_rad);
  for (std::size_t k = i + 1; k < tl.size() && !found; ++k)
    found = heading_between(k - 1, k, s.heading_map_rad);
  return s;
}

}  // namespace ce8::ui

#include "engine/terrain/derived.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

namespace ce8::terrain {
namespace {

constexpr double kRadToDeg = 180.0 / std::numbers::pi;
constexpr double kNan = std::numeric_limits<double>::quiet_NaN();

// The 3x3 neighbourhood with edges replicated; false if any value is nodata.
bool neighbourhood(const Dem& dem, int i, int j, double v[9]) {
  const int w = dem.width(), h = dem.height();
  int k = 0;
  for (int b = -1; b <= 1; ++b)
    for (int a = -1; a <= 1; ++a) {
      const int ii = std::clamp(i + a, 0, w - 1), jj = std::clamp(j + b, 0, h - 1);
      const float z = dem.at(ii, jj);
      if (is_nodata(z)) return false;
      v[k++] = z;
    }
  return true;
}

Dem same_grid(const Dem& dem) {
  Dem out;
  out.grid = dem.grid;
  out.height_m.resize(dem.height_m.size());
  return out;
}

}  // namespace

Gradient horn_gradient(const Dem& dem, int i, int j) {
  double v[9];
  if (!neighbourhood(dem, i, j, v)) return {kNan, kNan};
  // a b c / d e f / g h i (row 0 is +y).
  const double a = v[0], b = v[1], c = v[2], d = v[3], f = v[5], g = v[6], hh = v[7], ii = v[8];
  const double cell = dem.cell_m();
  Gradient gr;
  gr.dz_dx = ((c + 2.0 * f + ii) - (a + 2.0 * d + g)) / (8.0 * cell);
  gr.dz_dy = ((a + 2.0 * b + c) - (g + 2.0 * hh + ii)) / (8.0 * cell);
  return gr;
}

Dem slope_deg(const Dem& dem) {
  Dem out = same_grid(dem);
  for (int j = 0; j < dem.height(); ++j)
    for (int i = 0; i < dem.width(); ++i) {
      const Gradient g = horn_gradient(dem, i, j);
      out.at(i, j) = static_cast<float>(
          std::atan(std::sqrt(g.dz_dx * g.dz_dx + g.dz_dy * g.dz_dy)) * kRadToDeg);
    }
  return out;
}

Dem aspect_deg(const Dem& dem) {
  Dem out = same_grid(dem);
  for (int j = 0; j < dem.height(); ++j)
    for (int i = 0; i < dem.width(); ++i) {
      const Gradient g = horn_gradient(dem, i, j);
      if (g.dz_dx == 0.0 && g.dz_dy == 0.0) {
        out.at(i, j) = kNodata;
        continue;
      }
      // Downhill direction is -gradient; azimuth clockwise from +y.
      double az = std::atan2(-g.dz_dx, -g.dz_dy) * kRadToDeg;
      if (az < 0.0) az += 360.0;
      out.at(i, j) = static_cast<float>(az);  // NaN stays NaN
    }
  return out;
}

std::vector<glm::vec3> normals(const Dem& dem) {
  std::vector<glm::vec3> out(dem.height_m.size());
  for (int j = 0; j < dem.height(); ++j)
    for (int i = 0; i < dem.width(); ++i) {
      const Gradient g = horn_gradient(dem, i, j);
      glm::vec3 n(0.0f, 0.0f, 1.0f);
      if (!std::isnan(g.dz_dx)) {
        const double inv = 1.0 / std::sqrt(g.dz_dx * g.dz_dx + g.dz_dy * g.dz_dy + 1.0);
        n = glm::vec3(static_cast<float>(-g.dz_dx * inv), static_cast<float>(-g.dz_dy * inv),
                      static_cast<float>(inv));
      }
      out[static_cast<std::size_t>(j) * dem.width() + i] = n;
    }
  return out;
}

Dem roughness_m(const Dem& dem) {
  Dem out = same_grid(dem);
  for (int j = 0; j < dem.height(); ++j)
    for (int i = 0; i < dem.width(); ++i) {
      double v[9];
      if (!neighbourhood(dem, i, j, v)) {
        out.at(i, j) = kNodata;
        continue;
      }
      const auto [lo, hi] = std::minmax_element(v, v + 9);
      out.at(i, j) = static_cast<float>(*hi - *lo);
    }
  return out;
}

}  // namespace ce8::terrain

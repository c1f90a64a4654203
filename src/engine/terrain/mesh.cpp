#include "engine/terrain/mesh.hpp"

#include "engine/terrain/derived.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace ce8::terrain {
namespace {

// Vertex positions along one axis of a chunk: first, first+step, ..., and always the last.
std::vector<int> axis_samples(int first, int last, int step) {
  std::vector<int> v;
  for (int k = first; k < last; k += step) v.push_back(k);
  v.push_back(last);
  return v;
}

// Height of the decimated surface at cell (i, j): bilinear between the level's vertices.
double decimated_height(const Dem& dem, const std::vector<int>& xs, const std::vector<int>& ys,
                        int i, int j) {
  const auto ix = std::upper_bound(xs.begin(), xs.end(), i) - xs.begin() - 1;
  const auto iy = std::upper_bound(ys.begin(), ys.end(), j) - ys.begin() - 1;
  const std::size_t x0 = std::min<std::size_t>(ix, xs.size() - 2);
  const std::size_t y0 = std::min<std::size_t>(iy, ys.size() - 2);
  const double fx = static_cast<double>(i - xs[x0]) / (xs[x0 + 1] - xs[x0]);
  const double fy = static_cast<double>(j - ys[y0]) / (ys[y0 + 1] - ys[y0]);
  const double a = dem.at(xs[x0], ys[y0]), b = dem.at(xs[x0 + 1], ys[y0]);
  const double c = dem.at(xs[x0], ys[y0 + 1]), d = dem.at(xs[x0 + 1], ys[y0 + 1]);
  const double top = a + (b - a) * fx, bottom = c + (d - c) * fx;
  return top + (bottom - top) * fy;
}

}  // namespace

Result<ChunkMesh> build_chunk_mesh(const Dem& dem, const std::vector<glm::vec3>& normals,
                                   int chunk_x, int chunk_y, int level,
                                   const MeshOptions& options) {
  const int cc = options.chunk_cells;
  if (cc < 2 || level < 0 || level >= options.levels || (cc >> level) < 1)
    return make_error("invalid mesh options: chunk of " + std::to_string(cc) +
                      " cells cannot have level " + std::to_string(level));
  if (dem.width() < 2 || dem.height() < 2) return make_error("DEM too small for a mesh");
  if (normals.size() != dem.height_m.size()) return make_error("normals do not match the DEM size");
  const int i0 = chunk_x * cc, j0 = chunk_y * cc;
  if (chunk_x < 0 || chunk_y < 0 || i0 >= dem.width() - 1 || j0 >= dem.height() - 1)
    return make_error("chunk (" + std::to_string(chunk_x) + ", " + std::to_string(chunk_y) +
                      ") is outside the grid");
  const int i1 = std::min(i0 + cc, dem.width() - 1), j1 = std::min(j0 + cc, dem.height() - 1);
  const int step = 1 << level;
  const auto xs = axis_samples(i0, i1, step), ys = axis_samples(j0, j1, step);
  const auto nx = static_cast<std::uint32_t>(xs.size()), ny = static_cast<std::uint32_t>(ys.size());

  ChunkMesh m;
  m.chunk_x = chunk_x;
  m.chunk_y = chunk_y;
  m.level = level;
  m.step = step;
  const MapXy a = dem.grid.cell_center(i0, j0), b = dem.grid.cell_center(i1, j1);
  m.origin = {0.5 * (a.x_m + b.x_m), 0.5 * (a.y_m + b.y_m)};

  float lo = std::numeric_limits<float>::infinity(), hi = -lo;
  for (int j : ys)
    for (int i : xs) {
      const float h = dem.at(i, j);
      if (!is_nodata(h)) {
        lo = std::min(lo, h);
        hi = std::max(hi, h);
      }
    }
  if (!(lo <= hi)) lo = hi = 0.0f;  // all nodata
  m.min_height_m = lo;
  m.max_height_m = hi;

  m.positions.reserve(static_cast<std::size_t>(nx) * ny);
  for (int j : ys)
    for (int i : xs) {
      const MapXy p = dem.grid.cell_center(i, j);
      const float h = dem.at(i, j);
      m.positions.emplace_back(static_cast<float>(p.x_m - m.origin.x_m),
                               static_cast<float>(p.y_m - m.origin.y_m), is_nodata(h) ? lo : h);
      m.normals.push_back(normals[static_cast<std::size_t>(j) * dem.width() + i]);
    }
  auto valid = [&](std::uint32_t k) { return !is_nodata(dem.at(xs[k % nx], ys[k / nx])); };
  for (std::uint32_t r = 0; r + 1 < ny; ++r)
    for (std::uint32_t c = 0; c + 1 < nx; ++c) {
      const std::uint32_t v00 = r * nx + c, v10 = v00 + 1, v01 = v00 + nx, v11 = v01 + 1;
      if (!(valid(v00) && valid(v10) && valid(v01) && valid(v11))) continue;
      // Row index grows toward -y: (v01, v11, v10) is counter-clockwise seen from +z.
      m.indices.insert(m.indices.end(), {v01, v11, v10, v01, v10, v00});
    }

  // Height error of this level against the full-resolution cells of the chunk.
  double err = 0.0;
  if (level > 0)
    for (int j = j0; j <= j1; ++j)
      for (int i = i0; i <= i1; ++i) {
        const double e = std::fabs(dem.at(i, j) - decimated_height(dem, xs, ys, i, j));
        if (e > err) err = e;  // NaN (nodata) ignored
      }
  m.height_error_m = static_cast<float>(err);

  m.skirt_first_index = static_cast<std::uint32_t>(m.indices.size());
  if (options.skirts) {
    // A neighbour at another level differs from this edge by at most the larger of the two
    // levels' errors; the finest level has none, so this level's error bounds the crack as long
    // as the neighbour is finer. Take the error of the coarsest level for a safe margin.
    double depth = err + options.skirt_margin_m;
    if (level + 1 < options.levels) {
      const int coarse_step = 1 << (options.levels - 1);
      const auto cxs = axis_samples(i0, i1, coarse_step), cys = axis_samples(j0, j1, coarse_step);
      double cerr = 0.0;
      for (int j = j0; j <= j1; j += (j == j1 ? 1 : std::max(1, j1 - j0)))
        for (int i = i0; i <= i1; ++i) {  // top and bottom edges
          const double e = std::fabs(dem.at(i, j) - decimated_height(dem, cxs, cys, i, j));
          if (e > cerr) cerr = e;
        }
      for (int i = i0; i <= i1; i += (i == i1 ? 1 : std::max(1, i1 - i0)))
        for (int j = j0; j <= j1; ++j) {  // left and right edges
          const double e = std::fabs(dem.at(i, j) - decimated_height(dem, cxs, cys, i, j));
          if (e > cerr) cerr = e;
        }
      depth = std::max(err, cerr) + options.skirt_margin_m;
    }
    m.skirt_depth_m = static_cast<float>(depth);
    // Edge loop around the chunk: top row toward +x, right column, bottom row, left column.
    std::vector<std::uint32_t> ring;
    for (std::uint32_t c = 0; c < nx; ++c) ring.push_back(c);                    // top, +x
    for (std::uint32_t r = 1; r < ny; ++r) ring.push_back(r * nx + nx - 1);      // right, -y
    for (std::uint32_t c = nx - 1; c-- > 0;) ring.push_back((ny - 1) * nx + c);  // bottom, -x
    for (std::uint32_t r = ny - 1; r-- > 1;) ring.push_back(r * nx);             // left, +y
    const auto base = static_cast<std::uint32_t>(m.positions.size());
    for (std::uint32_t k : ring) {
      glm::vec3 p = m.positions[k];
      p.z -= static_cast<float>(depth);
      m.positions.push_back(p);
      m.normals.push_back(m.normals[k]);
    }
    const auto n = static_cast<std::uint32_t>(ring.size());
    for (std::uint32_t k = 0; k < n; ++k) {
      const std::uint32_t top0 = ring[k], top1 = ring[(k + 1) % n];
      const std::uint32_t bot0 = base + k, bot1 = base + (k + 1) % n;
      // The ring runs clockwise seen from above; these faces point outward.
      m.indices.insert(m.indices.end(), {top0, bot1, bot0, top0, top1, bot1});
    }
  }
  return m;
}

Result<LodTerrain> build_lod_terrain(const Dem& dem, const MeshOptions& options) {
  if (options.levels < 1 || options.levels > 16)
    return make_error("mesh levels must be between 1 and 16");
  if (options.chunk_cells < 2 || (options.chunk_cells >> (options.levels - 1)) < 1)
    return make_error("chunk_cells must be at least 2^(levels-1)");
  if (dem.width() < 2 || dem.height() < 2) return make_error("DEM too small for a mesh");
  LodTerrain lod;
  lod.chunk_cells = options.chunk_cells;
  lod.levels = options.levels;
  lod.chunks_x = (dem.width() - 1 + options.chunk_cells - 1) / options.chunk_cells;
  lod.chunks_y = (dem.height() - 1 + options.chunk_cells - 1) / options.chunk_cells;
  const auto n = normals(dem);
  lod.meshes.reserve(static_cast<std::size_t>(lod.chunks_x) * lod.chunks_y * options.levels);
  for (int cy = 0; cy < lod.chunks_y; ++cy)
    for (int cx = 0; cx < lod.chunks_x; ++cx)
      for (int l = 0; l < options.levels; ++l) {
        auto m = build_chunk_mesh(dem, n, cx, cy, l, options);
        if (!m) return m.error();
        lod.meshes.push_back(std::move(m).value());
      }
  return lod;
}

int choose_level(const LodTerrain& lod, int chunk_x, int chunk_y, double distance_m,
                 double pixels_per_radian, double max_error_px) {
  int best = 0;
  for (int l = 0; l < lod.levels; ++l) {
    const double px =
        lod.at(chunk_x, chunk_y, l).height_error_m / std::max(distance_m, 1e-3) * pixels_per_radian;
    if (px <= max_error_px) best = l;
  }
  return best;
}

}  // namespace ce8::terrain

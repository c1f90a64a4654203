// Internal to the horizon maps (horizon.cpp: the sweep's kernels; horizon_job.cpp: the jobs
// that run them): one direction's tables and passes.
//
// Memory layout: a line of sight walks its major axis. For directions closer to the grid's y
// axis that axis runs across rows, so a line would touch a new row, cache line and page of
// the heights, the near-field slopes and the output at every step (on these virtual machines,
// with nested paging, those page-table walks cost more than the hull). Such directions run on
// the transposed grid instead: the heights are transposed once per map, the sweep writes its
// blended slopes into a scratch band in that layout, and the angle pass transposes them into
// the map. Every value is computed from the same numbers in the same order as in the grid's own
// layout, so the map is the same bit for bit; only the memory order differs.
#pragma once

#include <cstddef>
#include <vector>

#include "engine/illumination/horizon.hpp"

namespace ce8::illumination {
namespace horizon_detail {

constexpr int kNearField = 8;  // columns marched exactly next to each observer

// One sweep direction in "view" coordinates: u runs along the look direction over the major
// axis (the grid axis closer to the direction), v across it; a line of sight advances m cells
// in v per cell in u (|m| <= 1). Cell index = base + u * du + v * dv.
struct Sweep {
  int lines_per_cell = 2;  // L: lines v = c / L + m u, c integer
  bool major_i = true;     // u runs along the grid's i (x) axis
  int U = 0, V = 0;
  double m = 0.0;
  double step_m = 0.0;  // map distance per unit of u along the line
  long long base = 0, du = 0, dv = 0;
  long long c_min = 0, c_max = 0;  // the lines' range of c
  long long lines() const { return c_max - c_min + 1; }
};

// The near field of one direction: for every cell, the steepest slope (tan of the elevation)
// to the kNearField samples ahead on its own line of sight. The samples lie at fixed offsets
// from the cell (a line from a cell centre crosses column u + q at minor offset m q), so one
// pattern serves every cell and the interior loop runs over contiguous memory: it vectorises
// (SSE natively, SIMD128 in WebAssembly). float suffices: heights enter as differences to the
// observer's own height.
struct NearPattern {
  int count = 0;                     // kNearField (fewer if the grid is shorter)
  long long off_a[kNearField] = {};  // index offset of the lower sample of column q + 1
  long long off_b[kNearField] = {};  // and of the upper one (== off_a when f = 0)
  float f[kNearField] = {};          // weight of the upper sample
  float inv_d[kNearField] = {};      // 1 / distance
  float curv[kNearField] = {};       // curvature drop over the distance, as a slope
  long long v_lo = 0, v_hi = 0;      // minor offsets touched: v + v_lo .. v + v_hi
  // With curvature: beyond[q] = beyond_grid_slope at q samples ahead (q = 1..U), and
  // q_minor[v] = the last sample a line of sight from minor coordinate v has inside the grid
  // across it (U - 1 when it never leaves sideways). Empty in flat mode.
  std::vector<float> beyond;
  std::vector<int> q_minor;
};

// Line c = L p + r crosses column u at v = p + (r / L + m u): the cell below, the weight of the
// one above and the observers the line serves there depend only on r and u, so they come from a
// table instead of a floor per sample (floor is a libm call on baseline x86-64) and a test per
// side. The observers are the cells less than 1 / L from the line, weight 1 - L * distance
// (cell vlo at distance f, vlo + 1 at 1 - f): one of the two for L >= 2 (none when f is exactly
// 1 / 2 and L = 2), both for L = 1. Listing them ahead keeps that choice, which follows the
// fractional offsets (for most directions an unpredictable branch), out of the sweep, and the
// cell indices come as offsets from the line's base (no multiplications per sample).
struct LineStep {
  std::ptrdiff_t offset = 0;               // index of cell (u, vlo) minus the line's base index
  double fr = 0.0;                         // weight of the cell above vlo
  double w[2] = {};                        // the observers' blend weights
  int fl = 0;                              // cell below: vlo = p + fl
  int observers = 0;                       // 0..2 observer cells served
  int side[2] = {};                        // their minor offsets from vlo (0 or 1)
  std::ptrdiff_t observer_offset[2] = {};  // their cells' indices minus the line's base index
};

// What depends on u alone (the same for every line): distance, curvature drop, slope offset.
struct ColumnStep {
  double t = 0.0;     // map distance u * step
  double drop = 0.0;  // k2 t^2 (G = h - k2 t^2)
  double lift = 0.0;  // t0 / R: the curvature's slope offset at an observer in column u
};

struct LineTable {
  std::vector<LineStep> steps;      // r * U + u
  std::vector<ColumnStep> columns;  // u
};

// The heights in both layouts (transposed: element i * height + j holds cell (i, j)).
struct HeightLayouts {
  const float* grid = nullptr;
  const float* transposed = nullptr;
};

// The number of sweep lines of direction az (for progress).
long long sweep_line_count(const terrain::GridGeometry& g, double az, int lines_per_cell);

// dst[i * height + j] = src[j * width + i] (both layouts of a width x height grid).
void transpose_grid(const float* src, int width, int height, float* dst);

}  // namespace horizon_detail

// One direction's sweep, built once per direction (HorizonJob keeps the current one between
// step() calls). Its passes, in order: near_field() over all rows of layout_height(), then
// sweep() over lines [first_line(), line_end()), then finish().
struct DirectionPlan {
  DirectionPlan(const terrain::GridGeometry& g, double az, const HorizonOptions& o);

  bool transposed() const { return transposed_; }
  // The grid the passes run on: the map's, or its transpose.
  int layout_width() const { return layout_width_; }
  int layout_height() const { return layout_height_; }
  long long first_line() const { return sweep_.c_min; }
  long long line_end() const { return sweep_.c_max + 1; }

  // Near-field slopes of layout rows [row0, row1) into nf (layout order).
  void near_field(const horizon_detail::HeightLayouts& h, int row0, int row1, float* nf) const;
  // Lines [c0, c1): blended slopes added into `out` (layout order: the map's band, or for a
  // transposed plan a scratch band that reads zero before the first line). hull: scratch
  // for the hull stacks, at least 4 max(width, height) doubles.
  void sweep(const horizon_detail::HeightLayouts& h, long long c0, long long c1, double* hull,
             const float* nf, float* out) const;
  // Slopes to angles in the map's band; for a transposed plan from the scratch band `out`,
  // which reads zero again afterwards.
  void finish(float* out, float* band) const;

 private:
  HorizonOptions options_;
  horizon_detail::Sweep sweep_;
  horizon_detail::NearPattern near_;
  horizon_detail::LineTable lines_;
  bool transposed_ = false;
  int layout_width_ = 0, layout_height_ = 0;
};

}  // namespace ce8::illumination

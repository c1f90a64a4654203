// Internal to the horizon maps (horizon.cpp, horizon_raymarch.cpp): the geometry both the sweep
// and the reference ray march share.
#pragma once

#include <cmath>
#include <limits>

#include "engine/illumination/horizon.hpp"

namespace ce8::illumination::horizon_detail {

constexpr double kPi = 3.14159265358979323846;
constexpr double kR = terrain::kMoonRadiusM;

// The horizon of a cell with no terrain ahead: the sphere's dip (flat: 0); -90 deg (nothing
// seen) when sphere_beyond_grid is off, so that a layered far horizon replaces it.
inline double edge_value(const HorizonOptions& o) {
  if (!o.sphere_beyond_grid) return -kPi / 2;
  return o.curvature ? -std::acos(kR / (kR + o.observer_height_m)) : 0.0;
}

// With curvature on, the ground beyond the grid continues as a sphere at the observer's own
// ground height (an assumption: unknown terrain is taken as high as the cell). Seen by an eye
// `eye` metres above it, that ground starting at map distance `d_edge` rises at most to slope
//   sup over d >= d_edge of (-eye / d - k2 d),
// which is -2 sqrt(eye k2) (the sphere's dip, atan of it = -acos(R / (R + eye)) to first order)
// when the tangent distance sqrt(eye / k2) lies beyond the edge, else the slope at the edge.
// Taking the max with it keeps cells near the edge from seeing below the sphere's horizon when
// few grid samples lie ahead. Planar ("flat") mode follows planar tools such as r.horizon: only
// the grid's own terrain counts (-infinity here; a cell with nothing ahead gets 0).
inline double ninf_slope() { return -std::numeric_limits<double>::infinity(); }

inline double beyond_grid_slope(double eye, double k2, double d_edge) {
  if (k2 <= 0.0) return -std::numeric_limits<double>::infinity();
  if (eye > 0.0 && d_edge * d_edge <= eye / k2) return -2.0 * std::sqrt(eye * k2);
  return -eye / d_edge - k2 * d_edge;
}

// Splits a fractional minor coordinate into its lower cell and the weight of the upper one,
// snapping rounding noise (directions along the axes and diagonals hit cell centres exactly).
inline void split(double v, long long& vlo, double& f) {
  const double vf = std::floor(v + 1e-9);
  vlo = static_cast<long long>(vf);
  f = v - vf;
  if (f < 1e-9) f = 0.0;
}

}  // namespace ce8::illumination::horizon_detail

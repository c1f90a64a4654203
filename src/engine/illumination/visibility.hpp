// Sun and Earth visibility at DEM cells: the local frame of a map point, grid/geographic
// azimuths, and the fraction of a body's disk above the local horizon.
//
// Frames. The terrain world frame (scenario/terrain_frame.hpp) has x toward 90°E, y toward 0°E,
// z up at the pole; body-fixed vectors map to it with body_to_terrain_world. At map point (x, y)
// the local vertical leans away from the pole by c = 2 atan(rho / 2R). Stereographic is
// conformal, so the map's +x and +y directions stay perpendicular on the sphere: their images
// in the point's tangent plane (PointFrame::grid_x, grid_y) are the axes against which grid
// azimuths are measured (clockwise from grid_y). A direction's grid azimuth is
// atan2(dir . grid_x, dir . grid_y), its elevation asin(dir . up).
// Geographic north at (x, y) points AWAY from the south pole, along +(x, y) in the map (every
// direction from the south pole is north; checked against ephemeris::site_frame in
// tests/engine/illumination_visibility_test.cpp), so the meridian convergence equals the east
// longitude: geographic azimuth = grid azimuth - atan2(x, y) = grid azimuth - lon. At the pole
// itself the ephemeris convention applies (north along +y, toward 0°E: both coincide).
#pragma once

#include <vector>

#include "engine/core/result.hpp"
#include "engine/ephemeris/vec.hpp"
#include "engine/illumination/horizon.hpp"
#include "engine/terrain/dem.hpp"

namespace ce8::illumination {

using ephemeris::Vec3;

struct PointFrame {
  Vec3 grid_x;      // unit tangent along the map's +x at the point (world frame)
  Vec3 grid_y;      // unit tangent along the map's +y
  Vec3 up;          // local vertical
  Vec3 position_m;  // from the Moon's centre, world frame, at height_m above the sphere
};
PointFrame point_frame(terrain::MapXy p, double height_m = 0.0);

struct AzElRad {
  double az_rad = 0.0;  // [0, 2 pi)
  double el_rad = 0.0;
};
// Grid azimuth/elevation of a world-frame unit direction at a point.
AzElRad grid_az_el(const PointFrame& f, const Vec3& dir_world);
// Grid azimuth of geographic north at a point: its east longitude (0 at the pole).
double north_grid_azimuth(terrain::MapXy p);
// Geographic azimuth (clockwise from north, [0, 2 pi)) of a grid azimuth at a point.
double geographic_azimuth(double grid_az_rad, terrain::MapXy p);

// Fraction (0..1) of a disk of angular radius `radius_rad` whose centre is at elevation
// `center_el_rad` lying above a horizon at `horizon_el_rad` (the horizon taken as straight
// across the disk: it is under 0.3 deg wide for the Sun, 1 deg for the Earth).
double disk_fraction_above(double center_el_rad, double radius_rad, double horizon_el_rad);

// Per-cell visible fraction (0..1, NaN on nodata) of a disk (the Sun: sun_dir_body =
// SkyTable::sun_dir_body(t), radius asin(R_sun / distance)) for one instant: what a renderer
// uploads as a shadow texture (row-major like the DEM). The horizon map must be of this DEM.
// `threads` as in jobs::parallel_for. Cost: about one atan2 + asin per cell.
Result<std::vector<float>> disk_visibility_map(const terrain::Dem& dem, const HorizonMap& horizon,
                                               const Vec3& dir_body, double radius_rad,
                                               int threads = 1);

}  // namespace ce8::illumination

// Layers derived from a DEM, on the same grid: slope, aspect, normals, roughness. Gradients use
// Horn's 3x3 weighted differences (as `gdaldem slope` does) in map metres; the projection's
// scale factor (at most 1.0027 within 6° of the pole) is not applied, as in gdaldem. A cell
// whose 3x3 neighbourhood holds nodata gets nodata (NaN). Edge cells use the nearest interior
// neighbour (replicated edge) so that every layer covers the whole grid; gdaldem leaves edges
// empty unless -compute_edges.
#pragma once

#include <vector>

#include <glm/vec3.hpp>

#include "engine/terrain/dem.hpp"

namespace ce8::terrain {

struct Gradient {
  double dz_dx = 0.0;  // metres per metre toward +x
  double dz_dy = 0.0;  // toward +y (grid north, toward 0°E from the pole)
};

// Horn gradient at cell (i, j); NaN components when the neighbourhood holds nodata.
Gradient horn_gradient(const Dem& dem, int i, int j);

// Slope in degrees (0 flat .. 90).
Dem slope_deg(const Dem& dem);
// Aspect in degrees clockwise from grid north (+y): the direction the slope faces
// (downhill), like `gdaldem aspect`; flat cells (zero gradient) get NaN.
Dem aspect_deg(const Dem& dem);
// Unit upward normals in the map frame (x, y, z up), one per cell, row-major; nodata cells
// get (0, 0, 1).
std::vector<glm::vec3> normals(const Dem& dem);
// Roughness as `gdaldem roughness` defines it: the largest difference between any two cells
// of the 3x3 neighbourhood, metres.
Dem roughness_m(const Dem& dem);

}  // namespace ce8::terrain

// A simple stand-in for the south-pole terrain until the terrain module's DEM and generator
// replace it: a square heightfield centred on the pole with the large named craters of the
// gazetteer as bowl-shaped depressions with raised rims, on a gently rolling surface.
// Heights are plausible, not LOLA data.
#pragma once

#include <cstdint>
#include <vector>

#include <glm/vec3.hpp>

namespace ce8::terrain {

// A regular grid of heights in metres. Cell (i, j) has its centre at
//   x = (i - (width-1)/2) * cell_m,  y = ((height-1)/2 - j) * cell_m
// in the south polar stereographic plane (+x toward 90°E, +y toward 0°E), so row 0 is the
// +y edge.
struct Heightfield {
  int width = 0;
  int height = 0;
  double cell_m = 0.0;
  std::vector<float> heights_m;  // row-major, width * height

  float at(int i, int j) const { return heights_m[static_cast<size_t>(j) * width + i]; }
};

// The placeholder south-pole heightfield: `size` x `size` cells spanning `extent_m` metres.
Heightfield make_placeholder_south_pole(int size, double extent_m);

// Unit surface normals (x east-ish, y north-ish, z up) by central differences, one per cell;
// edges use one-sided differences.
std::vector<glm::vec3> compute_normals(const Heightfield& field);

}  // namespace ce8::terrain

// Level-of-detail terrain meshes for the renderer: the DEM is cut into square chunks of
// `chunk_cells` cells; each chunk has `levels` meshes, level L sampling every 2^L-th cell centre
// (a decimated regular grid, always keeping the chunk's edge rows/columns). Neighbouring chunks
// share their edge vertices at equal levels; where levels differ, each chunk carries a skirt
// (a vertical curtain hanging from its edges, deeper than the level's largest height error)
// that hides the cracks. Positions are float, relative to the chunk's centre (origin, double)
// to keep float precision on a 460 km grid: world = origin + (x, y), z = height in metres.
#pragma once

#include <cstdint>
#include <vector>

#include <glm/vec3.hpp>

#include "engine/core/result.hpp"
#include "engine/terrain/dem.hpp"

namespace ce8::terrain {

struct MeshOptions {
  int chunk_cells = 64;  // cells per chunk side (a power of two >= 2^(levels-1))
  int levels = 5;        // level 0 = full resolution
  bool skirts = true;
  double skirt_margin_m = 1.0;  // added to the level's height error for the skirt depth
};

struct ChunkMesh {
  int chunk_x = 0, chunk_y = 0;  // chunk column / row (row 0 at the grid's +y edge)
  int level = 0;
  int step = 1;                         // cells between vertices
  MapXy origin;                         // map x/y of the vertex coordinate origin
  std::vector<glm::vec3> positions;     // (x - origin.x, y - origin.y, height_m)
  std::vector<glm::vec3> normals;       // unit, from the full-resolution DEM (normals())
  std::vector<std::uint32_t> indices;   // triangles, counter-clockwise seen from above (+z)
  std::uint32_t skirt_first_index = 0;  // indices from here on belong to the skirt
  float min_height_m = 0.0f, max_height_m = 0.0f;  // bounding box (surface vertices)
  float height_error_m = 0.0f;  // largest |DEM - this mesh| over the chunk's cells
  float skirt_depth_m = 0.0f;
};

struct LodTerrain {
  int chunks_x = 0, chunks_y = 0, chunk_cells = 0, levels = 0;
  std::vector<ChunkMesh> meshes;  // index ((chunk_y * chunks_x) + chunk_x) * levels + level
  const ChunkMesh& at(int chunk_x, int chunk_y, int level) const {
    return meshes[(static_cast<std::size_t>(chunk_y) * chunks_x + chunk_x) * levels + level];
  }
};

// One chunk at one level; `normals` from normals(dem) (passed in to share the work).
Result<ChunkMesh> build_chunk_mesh(const Dem& dem, const std::vector<glm::vec3>& normals,
                                   int chunk_x, int chunk_y, int level,
                                   const MeshOptions& options = {});
// Every chunk at every level.
Result<LodTerrain> build_lod_terrain(const Dem& dem, const MeshOptions& options = {});

// A level for a chunk from the viewer distance: the coarsest level whose height error, seen
// from `distance_m`, stays under `max_error_px` on a screen with `pixels_per_radian`.
int choose_level(const LodTerrain& lod, int chunk_x, int chunk_y, double distance_m,
                 double pixels_per_radian, double max_error_px = 1.0);

}  // namespace ce8::terrain

// Draws a terrain::LodTerrain (chunked LOD meshes of a DEM, terrain/mesh.hpp) with per-chunk
// level selection by screen-space error (terrain::choose_level), skirts, and frustum culling of
// chunks. True scale by default; vertical exaggeration is a style value. Three colour modes:
// shaded regolith, height ramp and slope ramp (both ramps are hill-shaded so relief still reads).
//
// World frame: x, y = polar stereographic map metres (x toward 90°E, y toward 0°E), z up,
// metres above the sphere. Chunk vertices are float relative to each chunk's origin; the origin
// (double) is added per draw as a float offset. In float the world position then carries at most
// ~2 cm of rounding at 230 km from the pole: negligible against the 225-900 m regional cells and
// the 5 m local-tile cells, so the caller's world-frame view_proj (OrbitCamera) is used as is.
//
// Slope colouring uses the vertex normal: the engine's normals are Horn normals
// normalize(-dz/dx, -dz/dy, 1), so atan(|n.xy| / n.z) is exactly the Horn slope of
// terrain::slope_deg (the un-exaggerated normal is used, so the colours show the true slope).
//
// Usage (GL context current):
//   DemRenderer r;  std::string err;  if (!r.init(err)) show(err);
//   r.upload(dem, lod);              // once per terrain (lod = build_lod_terrain(dem))
//   each frame: r.draw(camera.view_projection(), camera.eye_m(), style);  r.stats();
// GPU memory: one vertex buffer of 24 bytes per vertex (position + normal, every level and its
// skirt) and one index buffer of 16-bit indices, shared between chunks of equal topology;
// gpu_bytes() reports it (regional extent at 1024² cells of 450 m, 64-cell chunks, 5 levels:
// 1.59 M vertices = 36.3 MiB + under 1 MiB of indices; at 512²: 9.1 MiB).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <glm/mat4x4.hpp>
#include <glm/vec3.hpp>
#include <glm/vec4.hpp>

#include "engine/terrain/dem.hpp"
#include "engine/terrain/mesh.hpp"
#include "render/gl.hpp"
#include "render/shader.hpp"

namespace ce8::render {

enum class DemColorMode : int { Shaded = 0, Height = 1, Slope = 2 };

struct DemStyle {
  glm::vec3 sun_dir{0.3f, -1.0f, 0.12f};  // toward the Sun, world frame (normalised on use)
  float vertical_exaggeration = 1.0f;     // 1 = true scale
  DemColorMode mode = DemColorMode::Shaded;
  // Height ramp range (metres); min >= max: the uploaded DEM's min/max.
  float height_min_m = 0.0f, height_max_m = 0.0f;
  float slope_max_deg = 30.0f;  // slope ramp: 0 green .. 10 yellow .. 20 orange .. >= max red
  // Level of detail: screen pixels per radian (viewport height / vertical field of view) and
  // the largest height error allowed on screen, in pixels.
  float pixels_per_radian = 1000.0f;
  float max_error_px = 1.5f;
  bool skirts = true;
  bool frustum_cull = true;
  int force_level = -1;  // >= 0: draw every chunk at this level (debugging, screenshots)
  // A map rectangle (x_min, y_min, x_max, y_max) left out of this terrain, per fragment: where a
  // local tile is drawn instead (x_min >= x_max: nothing left out).
  glm::vec4 hole_m{0.0f, 0.0f, -1.0f, -1.0f};
  // Cast shadows: multiply the direct sunlight by the Sun visibility texture (set_shadow_map).
  bool cast_shadows = false;
  // Colour overlay (set_overlay): blended over the terrain by its alpha.
  bool overlay = false;
  // Earthshine (shaded mode): toward the Earth (world frame), the irradiance on a face turned
  // to it relative to direct sunlight (0: none; display-scaled, see shaders/dem.frag).
  glm::vec3 earth_dir{0.0f, 1.0f, 0.0f};
  float earthshine = 0.0f;
  float earth_radius_rad = 0.0166f;
  // Ground view: drop the terrain by the Moon's curvature around map point (x, y) (w = 1: on);
  // it also turns on the regolith texture near the eye (shaders/dem.frag, display only).
  glm::vec4 curvature_m{0.0f};
};

struct DemDrawStats {
  int chunks_total = 0;
  int chunks_drawn = 0;  // after frustum culling
  int chunks_culled = 0;
  long long triangles = 0;      // including skirts
  int level_histogram[8] = {};  // chunks drawn per level
};

class DemRenderer {
 public:
  DemRenderer() = default;
  ~DemRenderer();
  DemRenderer(const DemRenderer&) = delete;
  DemRenderer& operator=(const DemRenderer&) = delete;

  // Compiles the shaders (dem.vert, dem.frag); false + the compiler log on failure.
  bool init(std::string& error);
  // Uploads every chunk at every level of `lod` (built from `dem`), replacing any previous
  // terrain. `dem` is only read for the height range; the GPU bytes are kept (create_gl).
  void upload(const terrain::Dem& dem, const terrain::LodTerrain& lod);
  void clear();  // frees the GPU buffers
  bool has_terrain() const { return !chunks_.empty(); }

  // Draws with depth testing on (enables GL_DEPTH_TEST; leaves the program/VAO unbound).
  // view_proj: world frame (see above); eye_m: camera position, world frame.
  void draw(const glm::mat4& view_proj, const glm::vec3& eye_m, const DemStyle& style);

  // Per-cell Sun visibility (0..255 = 0..1, row-major, row 0 at the top, like a Dem) over the
  // map rectangle of `grid`; sampled LINEAR (R8 is filterable in WebGL2) when
  // style.cast_shadows is on. Re-uploads in place when the size is unchanged.
  void set_shadow_map(const terrain::GridGeometry& grid, const std::uint8_t* visibility);
  // An RGBA8 colour overlay (row-major like set_shadow_map, its own grid), drawn when
  // style.overlay is on; NEAREST sampling keeps classes (permanent shadow) crisp.
  void set_overlay(const terrain::GridGeometry& grid, const std::uint8_t* rgba);
  bool has_shadow_map() const { return shadow_w_ > 0; }

  // A lost GL context (WebGL): release_gl() forgets every GL object (deleting a lost context's
  // objects is a no-op); create_gl() compiles the shaders again and re-uploads the terrain, the
  // shadow map and the overlay from the copies kept in memory (the terrain's vertex and index
  // bytes: about as much as gpu_bytes()). False + the compiler log on failure.
  void release_gl();
  bool create_gl(std::string& error);

  const DemDrawStats& stats() const { return stats_; }  // of the last draw()
  // Changes whenever what draw() shows could change for the same style and camera (terrain,
  // shadow map, overlay, GL objects made again): the app redraws a still scene only then.
  std::uint64_t revision() const { return revision_; }
  std::size_t gpu_bytes() const { return gpu_bytes_; }
  float min_height_m() const { return min_h_; }
  float max_height_m() const { return max_h_; }

 private:
  struct Part {  // one chunk at one level
    std::size_t vertex_offset_bytes = 0;
    std::size_t index_offset_bytes = 0;
    GLsizei index_count = 0, surface_index_count = 0;
    float skirt_depth_m = 0.0f;
  };
  struct Chunk {
    double origin_x = 0.0, origin_y = 0.0;
    float half_x = 0.0f, half_y = 0.0f;  // horizontal half extent of the chunk
    float min_h = 0.0f, max_h = 0.0f;
    int first_part = 0;
  };

  // The last texture uploaded, kept to upload again after a lost context.
  struct TextureCopy {
    std::vector<std::uint8_t> bytes;
    int width = 0, height = 0;
    void keep(const terrain::GridGeometry& grid, const std::uint8_t* data, int channels);
  };
  void upload_buffers();  // cpu_vertices_ / cpu_indices_ into new GL buffers

  Program program_;
  GLuint vao_ = 0, vbo_ = 0, ibo_ = 0;
  std::vector<float> cpu_vertices_;        // what the vertex buffer holds
  std::vector<std::uint8_t> cpu_indices_;  // what the index buffer holds
  TextureCopy shadow_copy_, overlay_copy_;
  GLenum index_type_ = GL_UNSIGNED_SHORT;
  terrain::LodTerrain meta_;  // the LOD tables without vertex data, for choose_level
  std::vector<Chunk> chunks_;
  std::vector<Part> parts_;
  DemDrawStats stats_;
  std::uint64_t revision_ = 0;
  std::size_t gpu_bytes_ = 0;
  float min_h_ = 0.0f, max_h_ = 1.0f;
  GLint u_view_proj_ = -1, u_offset_ = -1, u_exag_ = -1, u_sun_ = -1, u_eye_ = -1, u_mode_ = -1,
        u_hrange_ = -1, u_slope_max_ = -1, u_hole_ = -1, u_shadow_on_ = -1, u_shadow_rect_ = -1,
        u_overlay_on_ = -1, u_overlay_rect_ = -1, u_earth_dir_ = -1, u_earthshine_ = -1,
        u_earth_radius_ = -1, u_curvature_ = -1, u_ground_detail_ = -1;
  GLuint shadow_tex_ = 0, overlay_tex_ = 0;
  int shadow_w_ = 0, shadow_h_ = 0, overlay_w_ = 0, overlay_h_ = 0;
  glm::vec4 shadow_rect_{0.0f}, overlay_rect_{0.0f};  // (x_min, y_max, width_m, height_m)
};

}  // namespace ce8::render

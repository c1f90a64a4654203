#include "render/dem_renderer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include <glm/geometric.hpp>
#include <glm/gtc/type_ptr.hpp>
#include <glm/vec4.hpp>

namespace ce8::render {

namespace {

// The six clip planes of a view-projection matrix (Gribb & Hartmann), unnormalised.
void frustum_planes(const glm::mat4& m, glm::vec4 out[6]) {
  const glm::vec4 r0(m[0][0], m[1][0], m[2][0], m[3][0]);
  const glm::vec4 r1(m[0][1], m[1][1], m[2][1], m[3][1]);
  const glm::vec4 r2(m[0][2], m[1][2], m[2][2], m[3][2]);
  const glm::vec4 r3(m[0][3], m[1][3], m[2][3], m[3][3]);
  out[0] = r3 + r0;
  out[1] = r3 - r0;
  out[2] = r3 + r1;
  out[3] = r3 - r1;
  out[4] = r3 + r2;
  out[5] = r3 - r2;
}

// False when the box lies entirely outside one plane.
bool box_visible(const glm::vec4 planes[6], const glm::vec3& lo, const glm::vec3& hi) {
  for (int k = 0; k < 6; ++k) {
    const glm::vec4& p = planes[k];
    const glm::vec3 v(p.x >= 0 ? hi.x : lo.x, p.y >= 0 ? hi.y : lo.y, p.z >= 0 ? hi.z : lo.z);
    if (p.x * v.x + p.y * v.y + p.z * v.z + p.w < 0.0f) return false;
  }
  return true;
}

}  // namespace

DemRenderer::~DemRenderer() {
  clear();
  release_gl();
}

void DemRenderer::TextureCopy::keep(const terrain::GridGeometry& grid, const std::uint8_t* data,
                                    int channels) {
  width = grid.width;
  height = grid.height;
  bytes.assign(data, data + static_cast<std::size_t>(width) * height * channels);
}

namespace {

GLuint make_texture(GLint filter) {
  GLuint t = 0;
  glGenTextures(1, &t);
  glBindTexture(GL_TEXTURE_2D, t);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, filter);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, filter);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  return t;
}

glm::vec4 grid_rect(const terrain::GridGeometry& g) {
  return glm::vec4(static_cast<float>(g.x_min_m), static_cast<float>(g.y_max_m),
                   static_cast<float>(g.width * g.cell_m), static_cast<float>(g.height * g.cell_m));
}

// Uploads a w x h image (tightly packed rows), reallocating only when the size changes.
void upload_texture(GLuint tex, GLint internal, GLenum format, int w, int h, int& cur_w, int& cur_h,
                    const std::uint8_t* data) {
  glBindTexture(GL_TEXTURE_2D, tex);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  if (w == cur_w && h == cur_h) {
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, w, h, format, GL_UNSIGNED_BYTE, data);
  } else {
    glTexImage2D(GL_TEXTURE_2D, 0, internal, w, h, 0, format, GL_UNSIGNED_BYTE, data);
    cur_w = w;
    cur_h = h;
  }
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  glBindTexture(GL_TEXTURE_2D, 0);
}

}  // namespace

void DemRenderer::set_shadow_map(const terrain::GridGeometry& grid,
                                 const std::uint8_t* visibility) {
  if (!shadow_tex_) shadow_tex_ = make_texture(GL_LINEAR);
  upload_texture(shadow_tex_, GL_R8, GL_RED, grid.width, grid.height, shadow_w_, shadow_h_,
                 visibility);
  shadow_rect_ = grid_rect(grid);
  shadow_copy_.keep(grid, visibility, 1);
  ++revision_;
}

void DemRenderer::set_overlay(const terrain::GridGeometry& grid, const std::uint8_t* rgba) {
  if (!overlay_tex_) overlay_tex_ = make_texture(GL_NEAREST);
  upload_texture(overlay_tex_, GL_RGBA8, GL_RGBA, grid.width, grid.height, overlay_w_, overlay_h_,
                 rgba);
  overlay_rect_ = grid_rect(grid);
  overlay_copy_.keep(grid, rgba, 4);
  ++revision_;
}

bool DemRenderer::init(std::string& error) {
  if (!program_.build("dem.vert", "dem.frag", error)) return false;
  u_view_proj_ = program_.uniform("u_view_proj");
  u_offset_ = program_.uniform("u_offset_m");
  u_exag_ = program_.uniform("u_vertical_exaggeration");
  u_sun_ = program_.uniform("u_sun_dir");
  u_eye_ = program_.uniform("u_camera_pos");
  u_mode_ = program_.uniform("u_mode");
  u_hrange_ = program_.uniform("u_height_range_m");
  u_slope_max_ = program_.uniform("u_slope_max_deg");
  u_hole_ = program_.uniform("u_hole_m");
  u_shadow_on_ = program_.uniform("u_shadow_on");
  u_shadow_rect_ = program_.uniform("u_shadow_rect_m");
  u_overlay_on_ = program_.uniform("u_overlay_on");
  u_overlay_rect_ = program_.uniform("u_overlay_rect_m");
  u_earth_dir_ = program_.uniform("u_earth_dir");
  u_earthshine_ = program_.uniform("u_earthshine");
  u_earth_radius_ = program_.uniform("u_earth_radius_rad");
  u_curvature_ = program_.uniform("u_curvature_m");
  u_ground_detail_ = program_.uniform("u_ground_detail");
  glUseProgram(program_.id());
  glUniform1i(program_.uniform("u_shadow"), 0);
  glUniform1i(program_.uniform("u_overlay"), 1);
  glUseProgram(0);
  // 1 x 1 stand-ins so the samplers are always complete (fully lit, transparent).
  const std::uint8_t lit = 255, clear_rgba[4] = {0, 0, 0, 0};
  if (!shadow_tex_) {
    shadow_tex_ = make_texture(GL_LINEAR);
    upload_texture(shadow_tex_, GL_R8, GL_RED, 1, 1, shadow_w_, shadow_h_, &lit);
    shadow_w_ = shadow_h_ = 0;  // no real map yet (a 1 x 1 upload happens again if asked)
  }
  if (!overlay_tex_) {
    overlay_tex_ = make_texture(GL_NEAREST);
    upload_texture(overlay_tex_, GL_RGBA8, GL_RGBA, 1, 1, overlay_w_, overlay_h_, clear_rgba);
    overlay_w_ = overlay_h_ = 0;
  }
  if (!vao_) glGenVertexArrays(1, &vao_);
  return true;
}

void DemRenderer::clear() {
  if (vbo_) glDeleteBuffers(1, &vbo_);
  if (ibo_) glDeleteBuffers(1, &ibo_);
  vbo_ = ibo_ = 0;
  chunks_.clear();
  parts_.clear();
  meta_ = {};
  cpu_vertices_ = {};
  cpu_indices_ = {};
  gpu_bytes_ = 0;
  stats_ = {};
  ++revision_;
}

void DemRenderer::upload(const terrain::Dem& dem, const terrain::LodTerrain& lod) {
  clear();
  if (lod.meshes.empty()) return;
  const terrain::HeightStats hs = terrain::height_stats(dem);
  min_h_ = std::isnan(hs.min_height_m) ? 0.0f : hs.min_height_m;
  max_h_ = std::isnan(hs.max_height_m) ? 1.0f : hs.max_height_m;

  // Vertex data: interleaved position + normal, every chunk-level in one buffer. Indices are
  // local to their chunk-level (16-bit while every part has < 65536 vertices); parts with the
  // same topology (all interior chunks of a level) share one index range.
  std::size_t vertex_count = 0;
  std::size_t max_part_vertices = 0;
  for (const auto& m : lod.meshes) {
    vertex_count += m.positions.size();
    max_part_vertices = std::max(max_part_vertices, m.positions.size());
  }
  const bool wide = max_part_vertices > 65535;
  index_type_ = wide ? GL_UNSIGNED_INT : GL_UNSIGNED_SHORT;

  std::vector<float> vertices;
  vertices.reserve(vertex_count * 6);
  std::vector<std::uint8_t> index_bytes;
  struct UniqueIndices {
    const std::vector<std::uint32_t>* indices;
    std::size_t offset_bytes;
  };
  std::vector<UniqueIndices> unique;

  meta_.chunks_x = lod.chunks_x;
  meta_.chunks_y = lod.chunks_y;
  meta_.chunk_cells = lod.chunk_cells;
  meta_.levels = lod.levels;
  meta_.meshes.reserve(lod.meshes.size());
  chunks_.resize(static_cast<std::size_t>(lod.chunks_x) * lod.chunks_y);
  parts_.reserve(lod.meshes.size());

  for (int cy = 0; cy < lod.chunks_y; ++cy)
    for (int cx = 0; cx < lod.chunks_x; ++cx) {
      Chunk& c = chunks_[static_cast<std::size_t>(cy) * lod.chunks_x + cx];
      c.first_part = static_cast<int>(parts_.size());
      const terrain::ChunkMesh& m0 = lod.at(cx, cy, 0);
      c.origin_x = m0.origin.x_m;
      c.origin_y = m0.origin.y_m;
      c.min_h = m0.min_height_m;
      c.max_h = m0.max_height_m;
      for (const glm::vec3& p : m0.positions) {
        c.half_x = std::max(c.half_x, std::abs(p.x));
        c.half_y = std::max(c.half_y, std::abs(p.y));
      }
      for (int level = 0; level < lod.levels; ++level) {
        const terrain::ChunkMesh& m = lod.at(cx, cy, level);
        Part part;
        part.vertex_offset_bytes = vertices.size() * sizeof(float);
        for (std::size_t k = 0; k < m.positions.size(); ++k) {
          const glm::vec3& p = m.positions[k];
          const glm::vec3& n = m.normals[k];
          vertices.insert(vertices.end(), {p.x, p.y, p.z, n.x, n.y, n.z});
        }
        part.index_count = static_cast<GLsizei>(m.indices.size());
        part.surface_index_count = static_cast<GLsizei>(m.skirt_first_index);
        part.skirt_depth_m = m.skirt_depth_m;
        c.min_h = std::min(c.min_h, m.min_height_m - m.skirt_depth_m);
        bool found = false;
        for (const UniqueIndices& u : unique)
          if (*u.indices == m.indices) {
            part.index_offset_bytes = u.offset_bytes;
            found = true;
            break;
          }
        if (!found) {
          part.index_offset_bytes = index_bytes.size();
          unique.push_back({&m.indices, index_bytes.size()});
          for (std::uint32_t i : m.indices) {
            if (wide) {
              const auto* b = reinterpret_cast<const std::uint8_t*>(&i);
              index_bytes.insert(index_bytes.end(), b, b + 4);
            } else {
              const auto s = static_cast<std::uint16_t>(i);
              const auto* b = reinterpret_cast<const std::uint8_t*>(&s);
              index_bytes.insert(index_bytes.end(), b, b + 2);
            }
          }
        }
        parts_.push_back(part);
        // Metadata only (no vertex data) for choose_level.
        terrain::ChunkMesh meta;
        meta.chunk_x = m.chunk_x;
        meta.chunk_y = m.chunk_y;
        meta.level = m.level;
        meta.step = m.step;
        meta.origin = m.origin;
        meta.min_height_m = m.min_height_m;
        meta.max_height_m = m.max_height_m;
        meta.height_error_m = m.height_error_m;
        meta.skirt_depth_m = m.skirt_depth_m;
        meta_.meshes.push_back(std::move(meta));
      }
    }

  cpu_vertices_ = std::move(vertices);
  cpu_indices_ = std::move(index_bytes);
  upload_buffers();
}

void DemRenderer::upload_buffers() {
  glBindVertexArray(vao_);
  glGenBuffers(1, &vbo_);
  glGenBuffers(1, &ibo_);
  glBindBuffer(GL_ARRAY_BUFFER, vbo_);
  glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(cpu_vertices_.size() * sizeof(float)),
               cpu_vertices_.data(), GL_STATIC_DRAW);
  glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, ibo_);
  glBufferData(GL_ELEMENT_ARRAY_BUFFER, static_cast<GLsizeiptr>(cpu_indices_.size()),
               cpu_indices_.data(), GL_STATIC_DRAW);
  glEnableVertexAttribArray(0);
  glEnableVertexAttribArray(1);
  glBindVertexArray(0);
  glBindBuffer(GL_ARRAY_BUFFER, 0);
  gpu_bytes_ = cpu_vertices_.size() * sizeof(float) + cpu_indices_.size();
}

void DemRenderer::release_gl() {
  if (vbo_) glDeleteBuffers(1, &vbo_);
  if (ibo_) glDeleteBuffers(1, &ibo_);
  if (vao_) glDeleteVertexArrays(1, &vao_);
  if (shadow_tex_) glDeleteTextures(1, &shadow_tex_);
  if (overlay_tex_) glDeleteTextures(1, &overlay_tex_);
  vbo_ = ibo_ = vao_ = shadow_tex_ = overlay_tex_ = 0;
  shadow_w_ = shadow_h_ = overlay_w_ = overlay_h_ = 0;
  gpu_bytes_ = 0;
  program_.release();
}

bool DemRenderer::create_gl(std::string& error) {
  ++revision_;
  if (!init(error)) return false;
  if (!cpu_vertices_.empty()) upload_buffers();
  if (!shadow_copy_.bytes.empty()) {
    upload_texture(shadow_tex_, GL_R8, GL_RED, shadow_copy_.width, shadow_copy_.height, shadow_w_,
                   shadow_h_, shadow_copy_.bytes.data());
  }
  if (!overlay_copy_.bytes.empty()) {
    upload_texture(overlay_tex_, GL_RGBA8, GL_RGBA, overlay_copy_.width, overlay_copy_.height,
                   overlay_w_, overlay_h_, overlay_copy_.bytes.data());
  }
  return true;
}

void DemRenderer::draw(const glm::mat4& view_proj, const glm::vec3& eye_m, const DemStyle& style) {
  stats_ = {};
  if (chunks_.empty() || !program_.id()) return;
  stats_.chunks_total = static_cast<int>(chunks_.size());
  const float exag = std::max(style.vertical_exaggeration, 1e-3f);

  glEnable(GL_DEPTH_TEST);
  glUseProgram(program_.id());
  glUniformMatrix4fv(u_view_proj_, 1, GL_FALSE, glm::value_ptr(view_proj));
  glUniform1f(u_exag_, exag);
  const glm::vec3 sun = glm::length(style.sun_dir) > 0.0f ? glm::normalize(style.sun_dir)
                                                          : glm::vec3(0.0f, 0.0f, 1.0f);
  glUniform3f(u_sun_, sun.x, sun.y, sun.z);
  glUniform3f(u_eye_, eye_m.x, eye_m.y, eye_m.z);
  glUniform1i(u_mode_, static_cast<int>(style.mode));
  const bool own_range = style.height_max_m > style.height_min_m;
  glUniform2f(u_hrange_, own_range ? style.height_min_m : min_h_,
              own_range ? style.height_max_m : max_h_);
  glUniform1f(u_slope_max_, style.slope_max_deg);
  const glm::vec3 earth = glm::length(style.earth_dir) > 0.0f ? glm::normalize(style.earth_dir)
                                                              : glm::vec3(0.0f, 1.0f, 0.0f);
  glUniform3f(u_earth_dir_, earth.x, earth.y, earth.z);
  glUniform1f(u_earthshine_, std::max(style.earthshine, 0.0f));
  glUniform1f(u_earth_radius_, style.earth_radius_rad);
  glUniform4f(u_curvature_, style.curvature_m.x, style.curvature_m.y, 0.0f, style.curvature_m.w);
  const bool curved = style.curvature_m.w > 0.5f;
  glUniform1f(u_ground_detail_, curved ? 1.0f : 0.0f);  // the ground view
  glUniform4f(u_hole_, style.hole_m.x, style.hole_m.y, style.hole_m.z, style.hole_m.w);
  const bool shadows = style.cast_shadows && shadow_w_ > 0;
  const bool overlay = style.overlay && overlay_w_ > 0;
  glUniform1f(u_shadow_on_, shadows ? 1.0f : 0.0f);
  glUniform4f(u_shadow_rect_, shadow_rect_.x, shadow_rect_.y, std::max(shadow_rect_.z, 1.0f),
              std::max(shadow_rect_.w, 1.0f));
  glUniform1f(u_overlay_on_, overlay ? 1.0f : 0.0f);
  glUniform4f(u_overlay_rect_, overlay_rect_.x, overlay_rect_.y, std::max(overlay_rect_.z, 1.0f),
              std::max(overlay_rect_.w, 1.0f));
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, shadow_tex_);
  glActiveTexture(GL_TEXTURE1);
  glBindTexture(GL_TEXTURE_2D, overlay_tex_);
  glActiveTexture(GL_TEXTURE0);

  glm::vec4 planes[6];
  frustum_planes(view_proj, planes);
  glBindVertexArray(vao_);
  glBindBuffer(GL_ARRAY_BUFFER, vbo_);
  const GLsizei stride = 6 * sizeof(float);

  for (int cy = 0; cy < meta_.chunks_y; ++cy)
    for (int cx = 0; cx < meta_.chunks_x; ++cx) {
      const Chunk& c = chunks_[static_cast<std::size_t>(cy) * meta_.chunks_x + cx];
      const glm::vec3 centre(static_cast<float>(c.origin_x), static_cast<float>(c.origin_y), 0.0f);
      glm::vec3 lo = centre + glm::vec3(-c.half_x, -c.half_y, c.min_h * exag);
      const glm::vec3 hi = centre + glm::vec3(c.half_x, c.half_y, c.max_h * exag);
      if (curved) {  // the box reaches down by the largest curvature drop over the chunk
        const float dx = std::abs(centre.x - style.curvature_m.x) + c.half_x;
        const float dy = std::abs(centre.y - style.curvature_m.y) + c.half_y;
        lo.z -= (dx * dx + dy * dy) / (2.0f * 1737400.0f);
      }
      if (style.frustum_cull && !box_visible(planes, lo, hi)) {
        ++stats_.chunks_culled;
        continue;
      }
      int level;
      if (style.force_level >= 0) {
        level = std::min(style.force_level, meta_.levels - 1);
      } else {
        // Distance from the eye to the chunk's box; the height error scales with the
        // exaggeration, which is the same as dividing the distance by it.
        const glm::vec3 nearest = glm::clamp(eye_m, lo, hi);
        const double dist = std::max(glm::length(eye_m - nearest), 1.0f);
        level = terrain::choose_level(meta_, cx, cy, dist / exag, style.pixels_per_radian,
                                      style.max_error_px);
      }
      const Part& p = parts_[static_cast<std::size_t>(c.first_part + level)];
      glVertexAttribPointer(0, 3, GL_FLOAT, GL_FALSE, stride,
                            reinterpret_cast<const void*>(p.vertex_offset_bytes));
      glVertexAttribPointer(1, 3, GL_FLOAT, GL_FALSE, stride,
                            reinterpret_cast<const void*>(p.vertex_offset_bytes + 12));
      glUniform3f(u_offset_, centre.x, centre.y, 0.0f);
      const GLsizei count = style.skirts ? p.index_count : p.surface_index_count;
      glDrawElements(GL_TRIANGLES, count, index_type_,
                     reinterpret_cast<const void*>(p.index_offset_bytes));
      ++stats_.chunks_drawn;
      stats_.triangles += count / 3;
      if (level < 8) ++stats_.level_histogram[level];
    }
  glBindVertexArray(0);
  glBindBuffer(GL_ARRAY_BUFFER, 0);
  glActiveTexture(GL_TEXTURE1);
  glBindTexture(GL_TEXTURE_2D, 0);
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, 0);
  glUseProgram(0);
}

}  // namespace ce8::render

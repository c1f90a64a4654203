#include "render/terrain_renderer.hpp"

#include <algorithm>
#include <cstdint>
#include <vector>

#include <glm/geometric.hpp>
#include <glm/gtc/type_ptr.hpp>

namespace ce8::render {

TerrainRenderer::~TerrainRenderer() {
  if (ibo_) glDeleteBuffers(1, &ibo_);
  if (vbo_) glDeleteBuffers(1, &vbo_);
  if (vao_) glDeleteVertexArrays(1, &vao_);
}

bool TerrainRenderer::init(std::string& error) {
  if (!program_.build("terrain.vert", "terrain.frag", error)) return false;
  glGenVertexArrays(1, &vao_);
  glGenBuffers(1, &vbo_);
  glGenBuffers(1, &ibo_);
  return true;
}

void TerrainRenderer::upload(const terrain::Heightfield& f) {
  const auto normals = terrain::compute_normals(f);
  std::vector<float> vertices;
  vertices.reserve(static_cast<size_t>(f.width) * f.height * 6);
  min_h_ = *std::min_element(f.heights_m.begin(), f.heights_m.end());
  max_h_ = *std::max_element(f.heights_m.begin(), f.heights_m.end());
  for (int j = 0; j < f.height; ++j) {
    for (int i = 0; i < f.width; ++i) {
      const float x = static_cast<float>((i - (f.width - 1) / 2.0) * f.cell_m);
      const float y = static_cast<float>(((f.height - 1) / 2.0 - j) * f.cell_m);
      const glm::vec3& n = normals[static_cast<size_t>(j) * f.width + i];
      vertices.insert(vertices.end(), {x, y, f.at(i, j), n.x, n.y, n.z});
    }
  }
  // 32-bit indices: WebGL2 supports them natively.
  std::vector<uint32_t> indices;
  indices.reserve(static_cast<size_t>(f.width - 1) * (f.height - 1) * 6);
  for (int j = 0; j + 1 < f.height; ++j) {
    for (int i = 0; i + 1 < f.width; ++i) {
      const uint32_t a = static_cast<uint32_t>(j * f.width + i), b = a + 1,
                     c = a + static_cast<uint32_t>(f.width), d = c + 1;
      indices.insert(indices.end(), {a, c, b, b, c, d});
    }
  }
  glBindVertexArray(vao_);
  glBindBuffer(GL_ARRAY_BUFFER, vbo_);
  glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(vertices.size() * sizeof(float)),
               vertices.data(), GL_STATIC_DRAW);
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 3, GL_FLOAT, GL_FALSE, 6 * sizeof(float), nullptr);
  glEnableVertexAttribArray(1);
  glVertexAttribPointer(1, 3, GL_FLOAT, GL_FALSE, 6 * sizeof(float),
                        reinterpret_cast<const void*>(3 * sizeof(float)));
  glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, ibo_);
  glBufferData(GL_ELEMENT_ARRAY_BUFFER, static_cast<GLsizeiptr>(indices.size() * sizeof(uint32_t)),
               indices.data(), GL_STATIC_DRAW);
  glBindVertexArray(0);
  index_count_ = static_cast<GLsizei>(indices.size());
}

void TerrainRenderer::draw(const glm::mat4& view_proj, const glm::vec3& eye_m,
                           const TerrainStyle& style) const {
  if (!index_count_) return;
  glUseProgram(program_.id());
  glUniformMatrix4fv(program_.uniform("u_view_proj"), 1, GL_FALSE, glm::value_ptr(view_proj));
  glUniform1f(program_.uniform("u_vertical_exaggeration"), style.vertical_exaggeration);
  const glm::vec3 sun = glm::normalize(style.sun_dir);
  glUniform3f(program_.uniform("u_sun_dir"), sun.x, sun.y, sun.z);
  glUniform3f(program_.uniform("u_camera_pos"), eye_m.x, eye_m.y, eye_m.z);
  glUniform2f(program_.uniform("u_height_range_m"), min_h_, max_h_);
  glUniform1f(program_.uniform("u_height_tint"), style.height_tint);
  glBindVertexArray(vao_);
  glDrawElements(GL_TRIANGLES, index_count_, GL_UNSIGNED_INT, nullptr);
  glBindVertexArray(0);
}

}  // namespace ce8::render

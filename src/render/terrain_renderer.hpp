// Draws a heightfield as a lit triangle mesh (one vertex per cell: position + normal).
#pragma once

#include <string>

#include <glm/mat4x4.hpp>
#include <glm/vec3.hpp>

#include "engine/terrain/placeholder.hpp"
#include "render/gl.hpp"
#include "render/shader.hpp"

namespace ce8::render {

struct TerrainStyle {
  glm::vec3 sun_dir{0.0f, -1.0f, 0.1f};  // toward the Sun, world frame (normalised on use)
  float vertical_exaggeration = 1.0f;
  float height_tint = 0.6f;
};

class TerrainRenderer {
 public:
  ~TerrainRenderer();
  // Compiles the shaders; false + message if the GL context cannot.
  bool init(std::string& error);
  // Uploads the heightfield (replacing any previous one).
  void upload(const terrain::Heightfield& field);
  void draw(const glm::mat4& view_proj, const glm::vec3& eye_m, const TerrainStyle& style) const;

  float min_height_m() const { return min_h_; }
  float max_height_m() const { return max_h_; }
  int triangle_count() const { return static_cast<int>(index_count_ / 3); }

 private:
  Program program_;
  GLuint vao_ = 0, vbo_ = 0, ibo_ = 0;
  GLsizei index_count_ = 0;
  float min_h_ = 0.0f, max_h_ = 1.0f;
};

}  // namespace ce8::render

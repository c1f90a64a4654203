// Shader programs from the bodies in shaders/ (embedded at build time). The version line and
// precision are prepended here, once, for the target's GLSL dialect.
#pragma once

#include <string>
#include <string_view>

#include "render/gl.hpp"

namespace ce8::render {

// "#version 300 es" + precision for WebGL2, "#version 330 core" for desktop OpenGL.
std::string_view glsl_preamble();

// The embedded source body of shaders/NAME (e.g. "terrain.vert"); empty if unknown.
std::string_view shader_source(std::string_view name);

class Program {
 public:
  Program() = default;
  ~Program();
  Program(const Program&) = delete;
  Program& operator=(const Program&) = delete;

  // Compiles and links; on failure returns false and fills `error` with the compiler log.
  bool build(std::string_view vertex_name, std::string_view fragment_name, std::string& error);
  GLuint id() const { return id_; }
  GLint uniform(const char* name) const { return glGetUniformLocation(id_, name); }
  // Deletes the program (a no-op on a lost context's objects); build() makes a new one.
  void release();

 private:
  GLuint id_ = 0;
};

}  // namespace ce8::render

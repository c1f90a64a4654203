#include "render/shader.hpp"

#include <vector>

#include "render/embedded_shaders.hpp"

namespace ce8::render {

std::string_view glsl_preamble() {
#ifdef CE8_GLES3
  return "#version 300 es\nprecision highp float;\nprecision highp int;\n#line 1\n";
#else
  return "#version 330 core\n#line 1\n";
#endif
}

std::string_view shader_source(std::string_view name) {
  for (const auto& s : kEmbeddedShaders)
    if (name == s.name) return s.source;
  return {};
}

namespace {

GLuint compile(GLenum kind, std::string_view name, std::string& error) {
  const std::string_view body = shader_source(name);
  if (body.empty()) {
    error = "unknown shader " + std::string(name);
    return 0;
  }
  const std::string_view pre = glsl_preamble();
  const char* parts[2] = {pre.data(), body.data()};
  const GLint lengths[2] = {static_cast<GLint>(pre.size()), static_cast<GLint>(body.size())};
  GLuint s = glCreateShader(kind);
  glShaderSource(s, 2, parts, lengths);
  glCompileShader(s);
  GLint ok = 0;
  glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
  if (!ok) {
    GLint len = 0;
    glGetShaderiv(s, GL_INFO_LOG_LENGTH, &len);
    std::vector<char> log(static_cast<size_t>(len) + 1);
    glGetShaderInfoLog(s, len, nullptr, log.data());
    error = std::string(name) + ": " + log.data();
    glDeleteShader(s);
    return 0;
  }
  return s;
}

}  // namespace

Program::~Program() { release(); }

void Program::release() {
  if (id_) glDeleteProgram(id_);
  id_ = 0;
}

bool Program::build(std::string_view vertex_name, std::string_view fragment_name,
                    std::string& error) {
  GLuint vs = compile(GL_VERTEX_SHADER, vertex_name, error);
  if (!vs) return false;
  GLuint fs = compile(GL_FRAGMENT_SHADER, fragment_name, error);
  if (!fs) {
    glDeleteShader(vs);
    return false;
  }
  GLuint p = glCreateProgram();
  glAttachShader(p, vs);
  glAttachShader(p, fs);
  glLinkProgram(p);
  glDeleteShader(vs);
  glDeleteShader(fs);
  GLint ok = 0;
  glGetProgramiv(p, GL_LINK_STATUS, &ok);
  if (!ok) {
    GLint len = 0;
    glGetProgramiv(p, GL_INFO_LOG_LENGTH, &len);
    std::vector<char> log(static_cast<size_t>(len) + 1);
    glGetProgramInfoLog(p, len, nullptr, log.data());
    error =
        "link " + std::string(vertex_name) + "+" + std::string(fragment_name) + ": " + log.data();
    glDeleteProgram(p);
    return false;
  }
  if (id_) glDeleteProgram(id_);
  id_ = p;
  return true;
}

}  // namespace ce8::render

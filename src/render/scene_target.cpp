#include "render/scene_target.hpp"

#include <algorithm>
#include <cmath>

namespace ce8::render {

SceneTarget::~SceneTarget() { release_gl(); }

bool SceneTarget::init(std::string& error) {
  if (!program_.build("present.vert", "present.frag", error)) return false;
  u_scene_ = program_.uniform("u_scene");
  glGenVertexArrays(1, &vao_);  // the triangle comes from gl_VertexID: an empty vertex array
  // Whether the driver takes these formats, asked once here while the GPU is idle: in a browser
  // glCheckFramebufferStatus waits for everything queued before it, and the resolution governor
  // resizes the target in the middle of slow frames (that wait was a 0.7 s task under
  // SwiftShader). Completeness depends on the formats, not on the size.
  failed_ = !resize(4, 4, true);
  delete_buffers();
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  return true;
}

void SceneTarget::delete_buffers() {
  if (framebuffer_) glDeleteFramebuffers(1, &framebuffer_);
  if (color_) glDeleteTextures(1, &color_);
  if (depth_) glDeleteRenderbuffers(1, &depth_);
  framebuffer_ = color_ = depth_ = 0;
  width_ = height_ = 0;
}

void SceneTarget::release_gl() {
  delete_buffers();
  if (vao_) glDeleteVertexArrays(1, &vao_);
  vao_ = 0;
  program_.release();
}

bool SceneTarget::resize(int w, int h, bool check) {
  delete_buffers();
  glGenTextures(1, &color_);
  glBindTexture(GL_TEXTURE_2D, color_);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glBindTexture(GL_TEXTURE_2D, 0);
  glGenRenderbuffers(1, &depth_);
  glBindRenderbuffer(GL_RENDERBUFFER, depth_);
  glRenderbufferStorage(GL_RENDERBUFFER, GL_DEPTH_COMPONENT24, w, h);
  glBindRenderbuffer(GL_RENDERBUFFER, 0);
  glGenFramebuffers(1, &framebuffer_);
  glBindFramebuffer(GL_FRAMEBUFFER, framebuffer_);
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, color_, 0);
  glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_ATTACHMENT, GL_RENDERBUFFER, depth_);
  if (check && glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    delete_buffers();
    failed_ = true;
    return false;
  }
  width_ = w;
  height_ = h;
  return true;
}

bool SceneTarget::begin(int screen_w, int screen_h, float scale) {
  if (scale >= 0.999f || failed_ || !program_.id()) {
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    return false;
  }
  const int w = std::max(1, static_cast<int>(std::lround(screen_w * scale)));
  const int h = std::max(1, static_cast<int>(std::lround(screen_h * scale)));
  if ((w != width_ || h != height_) && !resize(w, h, false)) return false;
  glBindFramebuffer(GL_FRAMEBUFFER, framebuffer_);
  return true;
}

void SceneTarget::present(int screen_w, int screen_h) {
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  glViewport(0, 0, screen_w, screen_h);
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_CULL_FACE);
  glDisable(GL_BLEND);
  glUseProgram(program_.id());
  glUniform1i(u_scene_, 0);
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, color_);
  glBindVertexArray(vao_);
  glDrawArrays(GL_TRIANGLES, 0, 3);
  glBindVertexArray(0);
  glBindTexture(GL_TEXTURE_2D, 0);
  glUseProgram(0);
}

}  // namespace ce8::render

// An offscreen target for the 3D scene at a fraction of the screen's resolution, presented to
// the screen with bilinear filtering. On software rasterisers (SwiftShader, llvmpipe: school
// laptops without a GPU) a frame's cost is mostly per pixel, so drawing the terrain at 0.6x
// the pixels and scaling up keeps the explorer responsive; the panels and labels are drawn
// afterwards at full resolution, so text stays sharp. At scale 1 the scene is drawn straight
// to the screen (keeping the screen's multisampling) and this target is not used.
//
// Usage (GL context current): if (t.begin(w, h, scale)) { draw the scene at t.width() x
// t.height(); t.present(w, h); } else { draw straight to the screen }.
#pragma once

#include <string>

#include "render/gl.hpp"
#include "render/shader.hpp"

namespace ce8::render {

class SceneTarget {
 public:
  SceneTarget() = default;
  SceneTarget(const SceneTarget&) = delete;
  SceneTarget& operator=(const SceneTarget&) = delete;
  ~SceneTarget();

  bool init(std::string& error);  // compiles present.vert / present.frag
  // Binds the offscreen target sized to scale x (screen_w, screen_h), making it when needed.
  // Returns false (and binds the screen) when scale is 1 or the target cannot be made.
  bool begin(int screen_w, int screen_h, float scale);
  // Draws the target over the whole screen (binds the screen first); depth test off.
  void present(int screen_w, int screen_h);
  int width() const { return width_; }
  int height() const { return height_; }
  // Deletes the GL objects (a no-op on a lost context's objects); init() makes them again.
  void release_gl();

 private:
  bool resize(int w, int h, bool check);  // check: ask the driver whether it is complete
  void delete_buffers();

  Program program_;
  GLint u_scene_ = -1;
  GLuint vao_ = 0;
  GLuint framebuffer_ = 0;
  GLuint color_ = 0;
  GLuint depth_ = 0;
  int width_ = 0;
  int height_ = 0;
  bool failed_ = false;  // the driver refused the target's formats: draw to the screen instead
};

}  // namespace ce8::render

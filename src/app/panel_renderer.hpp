// Draws Dear ImGui's output (panels, labels, the progress pill) with the project's own GL code.
// Dear ImGui's stock OpenGL backend saves and restores about twenty pieces of GL state around
// every draw with glGetIntegerv; in a browser each such query is a synchronous round trip to the
// GPU process that waits for all the terrain's queued work, so the main thread blocked for the
// whole GPU frame (about 290 ms of a 300 ms frame under SwiftShader). This renderer queries
// nothing: it sets the state it needs and leaves blending and the scissor off, which is what the
// app's own renderers expect (they set their own state every frame).
#pragma once

#include <cstdint>
#include <string>

#include "render/gl.hpp"
#include "render/shader.hpp"

struct ImDrawData;

namespace ce8::app {

class PanelRenderer {
 public:
  PanelRenderer() = default;
  PanelRenderer(const PanelRenderer&) = delete;
  PanelRenderer& operator=(const PanelRenderer&) = delete;
  ~PanelRenderer();

  // Program, buffers and the font atlas texture (fonts must be added before). On failure
  // returns false with the reason in `error`.
  bool init(std::string& error);
  // What draw() would draw (vertices, indices, clip rectangles, textures, screen size): an equal
  // fingerprint draws an equal picture.
  static std::uint64_t fingerprint(const ImDrawData* data);
  // Draws one frame's ImGui output over whatever the framebuffer holds.
  void draw(const ImDrawData* data);
  // Forgets the objects of a lost context (deleting them would be a no-op); init() makes new
  // ones.
  void release_gl();

 private:
  void upload_font_atlas();
  void set_frame_state(const ImDrawData* data, int fb_w, int fb_h);

  render::Program program_;
  GLint u_projection_ = -1;
  GLint u_texture_ = -1;
  GLuint vao_ = 0;
  GLuint vertex_buffer_ = 0;
  GLuint index_buffer_ = 0;
  GLuint font_texture_ = 0;
};

}  // namespace ce8::app

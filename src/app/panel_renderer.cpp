#include "app/panel_renderer.hpp"

#include <imgui.h>

#include <cstddef>
#include <cstdint>

#include "render/fingerprint.hpp"

namespace ce8::app {

PanelRenderer::~PanelRenderer() {
  if (vao_) glDeleteVertexArrays(1, &vao_);
  if (vertex_buffer_) glDeleteBuffers(1, &vertex_buffer_);
  if (index_buffer_) glDeleteBuffers(1, &index_buffer_);
  if (font_texture_) glDeleteTextures(1, &font_texture_);
}

void PanelRenderer::release_gl() {
  program_.release();
  vao_ = vertex_buffer_ = index_buffer_ = font_texture_ = 0;
  u_projection_ = u_texture_ = -1;
}

bool PanelRenderer::init(std::string& error) {
  if (!program_.build("panels.vert", "panels.frag", error)) return false;
  u_projection_ = program_.uniform("u_projection");
  u_texture_ = program_.uniform("u_texture");
  glGenVertexArrays(1, &vao_);
  glGenBuffers(1, &vertex_buffer_);
  glGenBuffers(1, &index_buffer_);
  glBindVertexArray(vao_);
  glBindBuffer(GL_ARRAY_BUFFER, vertex_buffer_);
  glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, index_buffer_);  // part of the vertex array's state
  const GLsizei stride = sizeof(ImDrawVert);
  glEnableVertexAttribArray(0);
  glEnableVertexAttribArray(1);
  glEnableVertexAttribArray(2);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, stride,
                        reinterpret_cast<const void*>(offsetof(ImDrawVert, pos)));
  glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, stride,
                        reinterpret_cast<const void*>(offsetof(ImDrawVert, uv)));
  glVertexAttribPointer(2, 4, GL_UNSIGNED_BYTE, GL_TRUE, stride,
                        reinterpret_cast<const void*>(offsetof(ImDrawVert, col)));
  glBindVertexArray(0);
  glBindBuffer(GL_ARRAY_BUFFER, 0);
  upload_font_atlas();
  ImGui::GetIO().BackendRendererName = "ce8_panel_renderer";
  return true;
}

void PanelRenderer::upload_font_atlas() {
  ImGuiIO& io = ImGui::GetIO();
  unsigned char* pixels = nullptr;
  int w = 0, h = 0;
  io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
  glGenTextures(1, &font_texture_);
  glBindTexture(GL_TEXTURE_2D, font_texture_);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, pixels);
  glBindTexture(GL_TEXTURE_2D, 0);
  io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(font_texture_)));
}

void PanelRenderer::set_frame_state(const ImDrawData* data, int fb_w, int fb_h) {
  glEnable(GL_BLEND);
  glBlendEquation(GL_FUNC_ADD);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  glDisable(GL_CULL_FACE);
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_STENCIL_TEST);
  glEnable(GL_SCISSOR_TEST);
  glViewport(0, 0, fb_w, fb_h);
  // Display pixels (y down) to clip space.
  const float l = data->DisplayPos.x, r = data->DisplayPos.x + data->DisplaySize.x;
  const float t = data->DisplayPos.y, b = data->DisplayPos.y + data->DisplaySize.y;
  const float projection[16] = {
      2.0f / (r - l), 0.0f, 0.0f, 0.0f,  0.0f, 2.0f / (t - b),    0.0f,
      0.0f,           0.0f, 0.0f, -1.0f, 0.0f, (r + l) / (l - r), (t + b) / (b - t),
      0.0f,           1.0f};
  glUseProgram(program_.id());
  glUniformMatrix4fv(u_projection_, 1, GL_FALSE, projection);
  glUniform1i(u_texture_, 0);
  glActiveTexture(GL_TEXTURE0);
  glBindVertexArray(vao_);
  glBindBuffer(GL_ARRAY_BUFFER, vertex_buffer_);
}

std::uint64_t PanelRenderer::fingerprint(const ImDrawData* data) {
  render::Fingerprint f;
  if (!data) return f.value();
  f.add(data->DisplaySize.x).add(data->DisplaySize.y).add(data->FramebufferScale.x);
  f.add(data->CmdListsCount);
  for (int n = 0; n < data->CmdListsCount; ++n) {
    const ImDrawList* list = data->CmdLists[n];
    f.add_bytes(list->VtxBuffer.Data,
                static_cast<std::size_t>(list->VtxBuffer.Size) * sizeof(ImDrawVert));
    f.add_bytes(list->IdxBuffer.Data,
                static_cast<std::size_t>(list->IdxBuffer.Size) * sizeof(ImDrawIdx));
    for (const ImDrawCmd& cmd : list->CmdBuffer) {
      f.add_bytes(&cmd.ClipRect, sizeof cmd.ClipRect);
      f.add_word(static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(cmd.GetTexID())));
      f.add_word(cmd.ElemCount).add_word(cmd.IdxOffset);
      f.add_word(static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(cmd.UserCallback)));
    }
  }
  return f.value();
}

void PanelRenderer::draw(const ImDrawData* data) {
  if (!data || !program_.id()) return;
  const int fb_w = static_cast<int>(data->DisplaySize.x * data->FramebufferScale.x);
  const int fb_h = static_cast<int>(data->DisplaySize.y * data->FramebufferScale.y);
  if (fb_w <= 0 || fb_h <= 0 || data->CmdListsCount == 0) return;
  set_frame_state(data, fb_w, fb_h);
  const ImVec2 origin = data->DisplayPos;
  const ImVec2 scale = data->FramebufferScale;
  constexpr GLenum kIndexType = sizeof(ImDrawIdx) == 2 ? GL_UNSIGNED_SHORT : GL_UNSIGNED_INT;
  for (int n = 0; n < data->CmdListsCount; ++n) {
    const ImDrawList* list = data->CmdLists[n];
    // A fresh store per list (orphaning): the GPU may still read the previous contents.
    glBufferData(GL_ARRAY_BUFFER,
                 static_cast<GLsizeiptr>(list->VtxBuffer.Size) * sizeof(ImDrawVert),
                 list->VtxBuffer.Data, GL_STREAM_DRAW);
    glBufferData(GL_ELEMENT_ARRAY_BUFFER,
                 static_cast<GLsizeiptr>(list->IdxBuffer.Size) * sizeof(ImDrawIdx),
                 list->IdxBuffer.Data, GL_STREAM_DRAW);
    for (const ImDrawCmd& cmd : list->CmdBuffer) {
      if (cmd.UserCallback) {
        if (cmd.UserCallback != ImDrawCallback_ResetRenderState) cmd.UserCallback(list, &cmd);
        set_frame_state(data, fb_w, fb_h);
        continue;
      }
      const float x0 = (cmd.ClipRect.x - origin.x) * scale.x;
      const float y0 = (cmd.ClipRect.y - origin.y) * scale.y;
      const float x1 = (cmd.ClipRect.z - origin.x) * scale.x;
      const float y1 = (cmd.ClipRect.w - origin.y) * scale.y;
      if (x1 <= x0 || y1 <= y0) continue;
      glScissor(static_cast<GLint>(x0), static_cast<GLint>(static_cast<float>(fb_h) - y1),
                static_cast<GLsizei>(x1 - x0), static_cast<GLsizei>(y1 - y0));
      glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(reinterpret_cast<intptr_t>(cmd.GetTexID())));
      glDrawElements(GL_TRIANGLES, static_cast<GLsizei>(cmd.ElemCount), kIndexType,
                     reinterpret_cast<const void*>(cmd.IdxOffset * sizeof(ImDrawIdx)));
    }
  }
  glDisable(GL_SCISSOR_TEST);
  glDisable(GL_BLEND);
  glBindVertexArray(0);
  glBindBuffer(GL_ARRAY_BUFFER, 0);
  glBindTexture(GL_TEXTURE_2D, 0);
  glUseProgram(0);
}

}  // namespace ce8::app

#include "render/illumination_gpu.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <limits>

#include "engine/illumination/visibility.hpp"

namespace ce8::render {
namespace {

// Instants per row of the Sun / Earth textures (WebGL2 guarantees 2048 texels a side).
constexpr int kInstantRow = 2048;

double now_s() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

bool has_extension(const char* name) {
  GLint count = 0;
  glGetIntegerv(GL_NUM_EXTENSIONS, &count);
  for (GLint k = 0; k < count; ++k) {
    const char* e = reinterpret_cast<const char*>(glGetStringi(GL_EXTENSIONS, k));
    if (!e) continue;
    // Emscripten lists WebGL extensions both bare and with a "GL_" prefix.
    if (std::strcmp(e, name) == 0 || (std::strncmp(e, "GL_", 3) == 0 && !std::strcmp(e + 3, name)))
      return true;
  }
  return false;
}

std::string gl_error_text(const char* what) {
  const GLenum e = glGetError();
  if (e == GL_NO_ERROR) return {};
  char text[96];
  std::snprintf(text, sizeof text, "GPU illumination: GL error 0x%04x while %s", e, what);
  return text;
}

GLuint float_texture_2d(GLenum internal, GLenum format, int w, int h, const float* data) {
  GLuint t = 0;
  glGenTextures(1, &t);
  glBindTexture(GL_TEXTURE_2D, t);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  glTexImage2D(GL_TEXTURE_2D, 0, static_cast<GLint>(internal), w, h, 0, format, GL_FLOAT, data);
  return t;
}

// GL state a pass changes, put back afterwards (the app's renderer and ImGui share the context).
struct SavedState {
  GLint fbo = 0, program = 0, vao = 0, active = 0, viewport[4] = {0, 0, 0, 0};
  GLint tex2d[9] = {}, tex_array[9] = {};
  GLboolean blend = GL_FALSE, depth = GL_FALSE, scissor = GL_FALSE, cull = GL_FALSE;
  SavedState() {
    glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &fbo);
    glGetIntegerv(GL_CURRENT_PROGRAM, &program);
    glGetIntegerv(GL_VERTEX_ARRAY_BINDING, &vao);
    glGetIntegerv(GL_ACTIVE_TEXTURE, &active);
    glGetIntegerv(GL_VIEWPORT, viewport);
    for (int u = 0; u < 9; ++u) {
      glActiveTexture(GL_TEXTURE0 + u);
      glGetIntegerv(GL_TEXTURE_BINDING_2D, &tex2d[u]);
      glGetIntegerv(GL_TEXTURE_BINDING_2D_ARRAY, &tex_array[u]);
    }
    blend = glIsEnabled(GL_BLEND);
    depth = glIsEnabled(GL_DEPTH_TEST);
    scissor = glIsEnabled(GL_SCISSOR_TEST);
    cull = glIsEnabled(GL_CULL_FACE);
  }
  ~SavedState() {
    for (int u = 0; u < 9; ++u) {
      glActiveTexture(GL_TEXTURE0 + u);
      glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(tex2d[u]));
      glBindTexture(GL_TEXTURE_2D_ARRAY, static_cast<GLuint>(tex_array[u]));
    }
    glActiveTexture(static_cast<GLenum>(active));
    glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(fbo));
    glUseProgram(static_cast<GLuint>(program));
    glBindVertexArray(static_cast<GLuint>(vao));
    glViewport(viewport[0], viewport[1], viewport[2], viewport[3]);
    auto set = [](GLenum cap, GLboolean on) { on ? glEnable(cap) : glDisable(cap); };
    set(GL_BLEND, blend);
    set(GL_DEPTH_TEST, depth);
    set(GL_SCISSOR_TEST, scissor);
    set(GL_CULL_FACE, cull);
  }
  SavedState(const SavedState&) = delete;
  SavedState& operator=(const SavedState&) = delete;
};

}  // namespace

bool is_software_renderer(const std::string& renderer) {
  for (const char* soft : {"llvmpipe", "softpipe", "SwiftShader", "Software", "swrast", "lavapipe"})
    if (renderer.find(soft) != std::string::npos) return true;
  return false;
}

bool illumination_gpu_supported(int width, int height, int directions, std::string* why) {
  auto no = [&](std::string text) {
    if (why) *why = std::move(text);
    return false;
  };
#ifdef CE8_GLES3
  if (!has_extension("EXT_color_buffer_float"))
    return no("GPU illumination: this WebGL2 context has no EXT_color_buffer_float");
#else
  (void)has_extension;
#endif
  GLint max_size = 0, max_layers = 0;
  glGetIntegerv(GL_MAX_TEXTURE_SIZE, &max_size);
  glGetIntegerv(GL_MAX_ARRAY_TEXTURE_LAYERS, &max_layers);
  if (width <= 0 || height <= 0 || width > max_size || height > max_size)
    return no("GPU illumination: the grid (" + std::to_string(width) + " x " +
              std::to_string(height) + ") is larger than the GPU's textures (" +
              std::to_string(max_size) + ")");
  if (directions > max_layers)
    return no("GPU illumination: " + std::to_string(directions) +
              " horizon directions, more than the GPU's " + std::to_string(max_layers) +
              " texture layers");
  return true;
}

IlluminationGpu::~IlluminationGpu() { release(); }

void IlluminationGpu::release() {
  if (fence_) glDeleteSync(fence_);
  fence_ = nullptr;
  program_.release();
  if (vao_) glDeleteVertexArrays(1, &vao_);
  glDeleteTextures(4, frame_tex_);
  GLuint singles[3] = {horizon_tex_, sun_tex_, earth_tex_};
  glDeleteTextures(3, singles);
  glDeleteTextures(4, acc_tex_);
  glDeleteFramebuffers(2, acc_fbo_);
  vao_ = horizon_tex_ = sun_tex_ = earth_tex_ = 0;
  for (GLuint& t : frame_tex_) t = 0;
  for (GLuint& t : acc_tex_) t = 0;
  acc_fbo_[0] = acc_fbo_[1] = 0;
  instants_ = next_ = 0;
}

Status IlluminationGpu::start(const terrain::Dem& dem, const illumination::HorizonMap& horizon,
                              const illumination::TimeWindow& window) {
  release();
  const int W = dem.width(), H = dem.height(), N = horizon.directions();
  if (horizon.grid.width != W || horizon.grid.height != H ||
      horizon.elevation_rad.size() != dem.grid.cells() * static_cast<std::size_t>(N))
    return make_error("the horizon map does not belong to this DEM");
  std::string why;
  if (!illumination_gpu_supported(W, H, N, &why)) return make_error(why);
  auto tracks = illumination::body_tracks(window);
  if (!tracks) return tracks.error();
  tracks_ = std::move(*tracks);
  glGetError();  // start from a clean error state
  const SavedState saved;
  grid_ = dem.grid;
  step_s_ = window.step_s;
  directions_ = N;
  instants_ = tracks_.instants;
  next_ = 0;
  instant_row_ = static_cast<int>(std::min<std::int64_t>(kInstantRow, instants_));
  const int instant_rows = static_cast<int>((instants_ + instant_row_ - 1) / instant_row_);
  GLint max_size = 0;
  glGetIntegerv(GL_MAX_TEXTURE_SIZE, &max_size);
  if (instant_rows > max_size) return make_error("GPU illumination: too many instants");

  // Per cell: frame and horizon range (the CPU's CellInstants, in float).
  const std::size_t cells = dem.grid.cells();
  std::vector<float> up(4 * cells), gx(4 * cells), gy(4 * cells), pos(4 * cells);
  valid_.assign(cells, 0);
  for (int j = 0; j < H; ++j)
    for (int i = 0; i < W; ++i) {
      const std::size_t c = static_cast<std::size_t>(j) * W + i;
      const float h0 = dem.height_m[c];
      if (terrain::is_nodata(h0)) continue;
      valid_[c] = 1;
      const illumination::PointFrame f = illumination::point_frame(
          dem.grid.cell_center(i, j), h0 + horizon.options.observer_height_m);
      float hmin = std::numeric_limits<float>::infinity(), hmax = -hmin;
      for (int k = 0; k < N; ++k) {
        const float h = horizon.elevation_rad[static_cast<std::size_t>(k) * cells + c];
        hmin = std::min(hmin, h);
        hmax = std::max(hmax, h);
      }
      auto put = [&](std::vector<float>& v, const illumination::Vec3& a, float w) {
        v[4 * c] = static_cast<float>(a.x), v[4 * c + 1] = static_cast<float>(a.y);
        v[4 * c + 2] = static_cast<float>(a.z), v[4 * c + 3] = w;
      };
      put(up, f.up, hmin);
      put(gx, f.grid_x, hmax);
      put(gy, f.grid_y, 1.0f);
      put(pos, f.position_m, 0.0f);
    }
  frame_tex_[0] = float_texture_2d(GL_RGBA32F, GL_RGBA, W, H, up.data());
  frame_tex_[1] = float_texture_2d(GL_RGBA32F, GL_RGBA, W, H, gx.data());
  frame_tex_[2] = float_texture_2d(GL_RGBA32F, GL_RGBA, W, H, gy.data());
  frame_tex_[3] = float_texture_2d(GL_RGBA32F, GL_RGBA, W, H, pos.data());

  // Per instant: the CPU's own Sun and Earth inputs in float.
  std::vector<float> sun(4 * static_cast<std::size_t>(instant_row_) * instant_rows, 0.0f);
  std::vector<float> earth(sun.size(), 0.0f);
  sun_r_max_ = earth_r_max_ = 0.0f;
  for (std::size_t k = 0; k < static_cast<std::size_t>(4 * instants_); ++k) {
    sun[k] = static_cast<float>(tracks_.sun[k]);
    earth[k] = static_cast<float>(tracks_.earth[k]);
    if (k % 4 == 3) {
      sun_r_max_ = std::max(sun_r_max_, sun[k]);
      earth_r_max_ = std::max(earth_r_max_, earth[k]);
    }
  }
  sun_tex_ = float_texture_2d(GL_RGBA32F, GL_RGBA, instant_row_, instant_rows, sun.data());
  earth_tex_ = float_texture_2d(GL_RGBA32F, GL_RGBA, instant_row_, instant_rows, earth.data());

  // The horizon map as it is: band-major = one layer per direction.
  glGenTextures(1, &horizon_tex_);
  glBindTexture(GL_TEXTURE_2D_ARRAY, horizon_tex_);
  glTexParameteri(GL_TEXTURE_2D_ARRAY, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D_ARRAY, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glTexImage3D(GL_TEXTURE_2D_ARRAY, 0, GL_R32F, W, H, N, 0, GL_RED, GL_FLOAT,
               horizon.elevation_rad.data());

  // Two accumulator pairs, zeroed.
  glGenFramebuffers(2, acc_fbo_);
  const GLenum draw_buffers[2] = {GL_COLOR_ATTACHMENT0, GL_COLOR_ATTACHMENT1};
  for (int a = 0; a < 2; ++a) {
    glBindFramebuffer(GL_FRAMEBUFFER, acc_fbo_[a]);
    for (int b = 0; b < 2; ++b) {
      acc_tex_[2 * a + b] = float_texture_2d(GL_RGBA32F, GL_RGBA, W, H, nullptr);
      glFramebufferTexture2D(GL_FRAMEBUFFER, draw_buffers[b], GL_TEXTURE_2D, acc_tex_[2 * a + b],
                             0);
    }
    glDrawBuffers(2, draw_buffers);
    if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
      release();
      return make_error("GPU illumination: float render targets (RGBA32F) are not supported");
    }
    const GLfloat zero[4] = {0.0f, 0.0f, 0.0f, 0.0f};
    glClearBufferfv(GL_COLOR, 0, zero);
    glClearBufferfv(GL_COLOR, 1, zero);
  }
  current_ = 0;
  glGenVertexArrays(1, &vao_);
  std::string error;
  if (!program_.build("illumination.vert", "illumination.frag", error)) {
    release();
    return make_error("GPU illumination: " + error);
  }
  const std::string gl_error = gl_error_text("uploading the inputs");
  if (!gl_error.empty()) {
    release();
    return make_error(gl_error);
  }
  return Ok{};
}

Status IlluminationGpu::pass(int begin, int end) {
  const SavedState saved;
  const int dst = 1 - current_;
  glBindFramebuffer(GL_FRAMEBUFFER, acc_fbo_[dst]);
  glViewport(0, 0, grid_.width, grid_.height);
  glDisable(GL_BLEND);
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_SCISSOR_TEST);
  glDisable(GL_CULL_FACE);
  const GLuint p = program_.id();
  glUseProgram(p);
  glBindVertexArray(vao_);
  const GLuint textures[9] = {acc_tex_[2 * current_],
                              acc_tex_[2 * current_ + 1],
                              frame_tex_[0],
                              frame_tex_[1],
                              frame_tex_[2],
                              frame_tex_[3],
                              horizon_tex_,
                              sun_tex_,
                              earth_tex_};
  const char* names[9] = {"u_sums",     "u_runs",    "u_up",  "u_grid_x", "u_grid_y",
                          "u_position", "u_horizon", "u_sun", "u_earth"};
  for (int u = 0; u < 9; ++u) {
    glActiveTexture(GL_TEXTURE0 + u);
    glBindTexture(u == 6 ? GL_TEXTURE_2D_ARRAY : GL_TEXTURE_2D, textures[u]);
    glUniform1i(glGetUniformLocation(p, names[u]), u);
  }
  glUniform1i(glGetUniformLocation(p, "u_begin"), begin);
  glUniform1i(glGetUniformLocation(p, "u_end"), end);
  glUniform1i(glGetUniformLocation(p, "u_directions"), directions_);
  glUniform1i(glGetUniformLocation(p, "u_instant_row"), instant_row_);
  glUniform1f(glGetUniformLocation(p, "u_sun_r_max"), sun_r_max_);
  glUniform1f(glGetUniformLocation(p, "u_earth_r_max"), earth_r_max_);
  glDrawArrays(GL_TRIANGLES, 0, 3);
  const std::string gl_error = gl_error_text("integrating");
  if (!gl_error.empty()) return make_error(gl_error);
  current_ = dst;
  return Ok{};
}

// One batch in flight at a time, waited for with a fence. In a browser glFinish() does not wait
// (WebGL's finish() returns at once) and nothing else here does, so without the fence every
// frame queued another batch: the GPU process fell minutes behind, and the page with it. There
// the fence is polled (WebGL allows no blocking wait); natively it is waited for.
bool IlluminationGpu::batch_in_flight() {
  if (!fence_) return false;
#ifdef CE8_GLES3
  const GLenum r = glClientWaitSync(fence_, GL_SYNC_FLUSH_COMMANDS_BIT, 0);
#else
  GLenum r = GL_TIMEOUT_EXPIRED;
  while (r == GL_TIMEOUT_EXPIRED)
    r = glClientWaitSync(fence_, GL_SYNC_FLUSH_COMMANDS_BIT, 1000000000ull);
#endif
  if (r == GL_TIMEOUT_EXPIRED) return true;
  glDeleteSync(fence_);
  fence_ = nullptr;
  // The GPU's time per instant, as seen from here (an upper bound in a browser, which looks
  // once per frame): sizes the next batch.
  if (fence_instants_ > 0)
    gpu_s_per_instant_ = (now_s() - fence_at_s_) / static_cast<double>(fence_instants_);
  return false;
}

Status IlluminationGpu::step(double budget_s, int batch) {
  if (!program_.id()) return make_error("GPU illumination: not started");
  if (done() || batch_in_flight()) return Ok{};
  batch = std::max(1, batch);
  if (gpu_s_per_instant_ > 0.0)
    batch = std::clamp(static_cast<int>(budget_s / gpu_s_per_instant_), 1, batch);
  const std::int64_t end = std::min<std::int64_t>(instants_, next_ + batch);
  Status s = pass(static_cast<int>(next_), static_cast<int>(end));
  if (!s) return s;
  fence_ = glFenceSync(GL_SYNC_GPU_COMMANDS_COMPLETE, 0);
  glFlush();
  fence_at_s_ = now_s();
  fence_instants_ = end - next_;
  next_ = end;
  return Ok{};
}

Result<illumination::IlluminationMap> IlluminationGpu::result(
    const terrain::Dem& dem, const illumination::HorizonMap& horizon) {
  if (!program_.id() || !done()) return make_error("GPU illumination: not finished");
  if (dem.grid.cells() != grid_.cells() || horizon.grid.cells() != grid_.cells())
    return make_error("the horizon map does not belong to this DEM");
  const int W = grid_.width, H = grid_.height;
  const std::size_t cells = grid_.cells();
  std::vector<float> sums(4 * cells), runs(4 * cells);
  GLint fbo = 0, read_buffer = 0;
  glGetIntegerv(GL_READ_FRAMEBUFFER_BINDING, &fbo);
  glBindFramebuffer(GL_READ_FRAMEBUFFER, acc_fbo_[current_]);
  glGetIntegerv(GL_READ_BUFFER, &read_buffer);
  glPixelStorei(GL_PACK_ALIGNMENT, 4);
  glReadBuffer(GL_COLOR_ATTACHMENT0);
  glReadPixels(0, 0, W, H, GL_RGBA, GL_FLOAT, sums.data());
  glReadBuffer(GL_COLOR_ATTACHMENT1);
  glReadPixels(0, 0, W, H, GL_RGBA, GL_FLOAT, runs.data());
  glReadBuffer(static_cast<GLenum>(read_buffer));
  glBindFramebuffer(GL_READ_FRAMEBUFFER, static_cast<GLuint>(fbo));
  const std::string gl_error = gl_error_text("reading the maps back");
  if (!gl_error.empty()) return make_error(gl_error);
  illumination::IlluminationMap m;
  m.grid = grid_;
  m.instants = instants_;
  m.first_row = 0;
  m.rows = H;
  m.percent_lit.resize(cells);
  m.percent_earth.resize(cells);
  m.longest_dark_h.resize(cells);
  m.permanent_shadow.resize(cells);
  const double n = static_cast<double>(instants_);
  cpu_cells_ = 0;
  for (std::size_t c = 0; c < cells; ++c) {
    if (!valid_[c]) {
      m.percent_lit[c] = m.percent_earth[c] = m.longest_dark_h[c] = m.permanent_shadow[c] =
          terrain::kNodata;
      continue;
    }
    const float* a = &sums[4 * c];
    const float* r = &runs[4 * c];
    m.percent_lit[c] = static_cast<float>(100.0 * a[0] / n);
    m.percent_earth[c] = static_cast<float>(100.0 * a[1] / n);
    // r[1] <= the longest darkness <= r[3]; surely lit: a[2]; uncertain instants: a[3].
    const bool undecided = r[3] - r[1] > 1.0f || (a[2] == 0.0f && a[3] != 0.0f);
    if (!undecided) {
      m.longest_dark_h[c] = static_cast<float>(r[1] * step_s_ / 3600.0);
      m.permanent_shadow[c] = a[2] != 0.0f ? 0.0f : 1.0f;
      continue;
    }
    ++cpu_cells_;
    const int i = static_cast<int>(c % static_cast<std::size_t>(W));
    const int j = static_cast<int>(c / static_cast<std::size_t>(W));
    const illumination::CellIllumination exact =
        illumination::per_instant_cell(dem, horizon, tracks_, step_s_, i, j);
    m.longest_dark_h[c] = exact.longest_dark_h;
    m.permanent_shadow[c] = exact.permanent_shadow;
  }
  return m;
}

Result<illumination::IlluminationMap> compute_illumination_map_gpu(
    const terrain::Dem& dem, const illumination::HorizonMap& horizon,
    const illumination::TimeWindow& window, int batch, std::size_t* cpu_cells) {
  IlluminationGpu gpu;
  Status s = gpu.start(dem, horizon, window);
  if (!s) return s.error();
  while (!gpu.done()) {
    s = gpu.step(1e9, batch);
    if (!s) return s.error();
  }
  auto m = gpu.result(dem, horizon);
  if (cpu_cells) *cpu_cells = gpu.cpu_cells();
  return m;
}

}  // namespace ce8::render

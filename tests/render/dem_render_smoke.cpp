// A standalone visual check of render::DemRenderer (no app): a hidden SDL2 window with a
// GL 3.3 core context (run under xvfb-run), a 256² regional DEM generated progressively, one
// frame per colour mode read back with glReadPixels, saved as PNG and checked not to be
// blank, uniform, black or washed out. Usage: ce8_dem_render_smoke OUTPUT_DIR
#include <SDL.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include <glm/mat4x4.hpp>
#include <glm/trigonometric.hpp>

#include "engine/terrain/derived.hpp"
#include "engine/terrain/generator.hpp"
#include "engine/terrain/mesh.hpp"
#include "engine/terrain/progressive.hpp"
#include "render/camera.hpp"
#include "render/dem_renderer.hpp"
#include "render/gl.hpp"

namespace {

using namespace ce8;

std::uint32_t crc32(const std::uint8_t* d, std::size_t n, std::uint32_t c = 0xFFFFFFFFu) {
  for (std::size_t k = 0; k < n; ++k) {
    c ^= d[k];
    for (int b = 0; b < 8; ++b) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
  }
  return c;
}

void put32(std::vector<std::uint8_t>& v, std::uint32_t x) {
  for (int s = 24; s >= 0; s -= 8) v.push_back(static_cast<std::uint8_t>(x >> s));
}

void chunk(std::vector<std::uint8_t>& out, const char* type,
           const std::vector<std::uint8_t>& body) {
  put32(out, static_cast<std::uint32_t>(body.size()));
  std::vector<std::uint8_t> tb(type, type + 4);
  tb.insert(tb.end(), body.begin(), body.end());
  out.insert(out.end(), tb.begin(), tb.end());
  put32(out, crc32(tb.data(), tb.size()) ^ 0xFFFFFFFFu);
}

// RGB8 rows top to bottom -> PNG with stored (uncompressed) deflate blocks.
bool write_png(const std::string& path, int w, int h, const std::vector<std::uint8_t>& rgb) {
  std::vector<std::uint8_t> raw;
  for (int y = 0; y < h; ++y) {
    raw.push_back(0);
    raw.insert(raw.end(), rgb.begin() + static_cast<std::ptrdiff_t>(y) * w * 3,
               rgb.begin() + static_cast<std::ptrdiff_t>(y + 1) * w * 3);
  }
  std::vector<std::uint8_t> z = {0x78, 0x01};
  std::uint32_t a = 1, b = 0;
  for (std::uint8_t c : raw) {
    a = (a + c) % 65521;
    b = (b + a) % 65521;
  }
  for (std::size_t off = 0; off < raw.size(); off += 65535) {
    const std::size_t n = std::min<std::size_t>(65535, raw.size() - off);
    z.push_back(off + n == raw.size() ? 1 : 0);
    z.push_back(static_cast<std::uint8_t>(n & 0xFF));
    z.push_back(static_cast<std::uint8_t>(n >> 8));
    z.push_back(static_cast<std::uint8_t>(~n & 0xFF));
    z.push_back(static_cast<std::uint8_t>((~n >> 8) & 0xFF));
    z.insert(z.end(), raw.begin() + static_cast<std::ptrdiff_t>(off),
             raw.begin() + static_cast<std::ptrdiff_t>(off + n));
  }
  put32(z, (b << 16) | a);
  std::vector<std::uint8_t> out = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  std::vector<std::uint8_t> ihdr;
  put32(ihdr, static_cast<std::uint32_t>(w));
  put32(ihdr, static_cast<std::uint32_t>(h));
  ihdr.insert(ihdr.end(), {8, 2, 0, 0, 0});
  chunk(out, "IHDR", ihdr);
  chunk(out, "IDAT", z);
  chunk(out, "IEND", {});
  FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return false;
  const bool ok = std::fwrite(out.data(), 1, out.size(), f) == out.size();
  return std::fclose(f) == 0 && ok;
}

struct Shot {
  const char* name;
  render::DemColorMode mode;
  render::OrbitPose pose;
  float exaggeration;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s OUTPUT_DIR\n", argv[0]);
    return 2;
  }
  const std::string out_dir = argv[1];
  std::filesystem::create_directories(out_dir);
  const int W = 1024, H = 640;

  if (SDL_Init(SDL_INIT_VIDEO) != 0) {
    std::fprintf(stderr, "SDL_Init: %s\n", SDL_GetError());
    return 1;
  }
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_DEPTH_SIZE, 24);
  SDL_Window* win =
      SDL_CreateWindow("dem smoke", 0, 0, W, H, SDL_WINDOW_OPENGL | SDL_WINDOW_HIDDEN);
  SDL_GLContext ctx = win ? SDL_GL_CreateContext(win) : nullptr;
  if (!ctx) {
    std::fprintf(stderr, "GL 3.3 context: %s\n", SDL_GetError());
    return 1;
  }
  // Render into our own framebuffer: a hidden window's default framebuffer may be undefined.
  GLuint fbo = 0, color = 0, depth = 0;
  glGenFramebuffers(1, &fbo);
  glBindFramebuffer(GL_FRAMEBUFFER, fbo);
  glGenRenderbuffers(1, &color);
  glBindRenderbuffer(GL_RENDERBUFFER, color);
  glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, W, H);
  glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, color);
  glGenRenderbuffers(1, &depth);
  glBindRenderbuffer(GL_RENDERBUFFER, depth);
  glRenderbufferStorage(GL_RENDERBUFFER, GL_DEPTH_COMPONENT24, W, H);
  glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_ATTACHMENT, GL_RENDERBUFFER, depth);
  if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
    std::fprintf(stderr, "framebuffer incomplete\n");
    return 1;
  }

  // Terrain: the regional extent at 256² (1800 m cells), generated in bands as the app would.
  auto job = terrain::ProgressiveDem::start(terrain::regional_grid(256, 1800.0));
  if (!job) return 1;
  int steps = 0;
  while (!job->done()) {
    job->step(16);
    ++steps;
  }
  terrain::Dem dem = std::move(*job).take().value();
  terrain::MeshOptions mopt;
  mopt.chunk_cells = 32;
  mopt.levels = 4;
  auto lod = terrain::build_lod_terrain(dem, mopt);
  if (!lod) {
    std::fprintf(stderr, "lod: %s\n", lod.error().message.c_str());
    return 1;
  }
  render::DemRenderer renderer;
  std::string err;
  if (!renderer.init(err)) {
    std::fprintf(stderr, "init: %s\n", err.c_str());
    return 1;
  }
  renderer.upload(dem, *lod);
  std::fprintf(stderr,
               "generated in %d bands; %d x %d chunks; GPU %.2f MiB; heights %.0f..%.0f m\n", steps,
               lod->chunks_x, lod->chunks_y, renderer.gpu_bytes() / 1048576.0,
               renderer.min_height_m(), renderer.max_height_m());

  // The Sun 1.5° above the horizon toward 0°E... from the pole: azimuth in the map frame.
  const float el = glm::radians(1.5f), az = glm::radians(200.0f);
  const glm::vec3 sun(std::cos(el) * std::sin(az), std::cos(el) * std::cos(az), std::sin(el));
  // Shackleton's centre (for a close view).
  glm::vec3 shackleton(0.0f);
  for (const auto& c : terrain::catalogue_craters())
    if (std::string(c.name) == "Shackleton") {
      const terrain::MapXy p = terrain::to_map(terrain::latlon_deg(c.lat_deg, c.lon_deg));
      shackleton = glm::vec3(static_cast<float>(p.x_m), static_cast<float>(p.y_m), 0.0f);
    }
  const render::OrbitPose overview{glm::vec3(0.0f, -20000.0f, 0.0f), 420000.0f, 0.5f, 0.85f};
  const render::OrbitPose close{shackleton, 60000.0f, 2.6f, 0.55f};
  const Shot shots[] = {
      {"dem-shaded", render::DemColorMode::Shaded, overview, 1.0f},
      {"dem-height", render::DemColorMode::Height, overview, 1.0f},
      {"dem-slope", render::DemColorMode::Slope, overview, 1.0f},
      {"dem-shackleton-shaded", render::DemColorMode::Shaded, close, 1.0f},
  };
  int failures = 0;
  for (const Shot& s : shots) {
    render::OrbitCamera cam;
    cam.set_limits(500.0f, 800000.0f, 240000.0f);
    cam.set_viewport(W, H);
    cam.jump_to(s.pose);
    render::DemStyle style;
    style.sun_dir = sun;
    style.mode = s.mode;
    style.vertical_exaggeration = s.exaggeration;
    style.pixels_per_radian = H / glm::radians(45.0f);
    glViewport(0, 0, W, H);
    glClearColor(0.0f, 0.0f, 0.0f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
    renderer.draw(cam.view_projection(), cam.eye_m(), style);
    std::vector<std::uint8_t> rgba(static_cast<std::size_t>(W) * H * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, W, H, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data());
    const GLenum glerr = glGetError();
    std::vector<std::uint8_t> rgb(static_cast<std::size_t>(W) * H * 3);
    std::set<int> levels;
    long long black = 0, bright = 0, n = 0;
    std::set<int> colours;
    for (int y = 0; y < H; ++y)
      for (int x = 0; x < W; ++x) {
        const std::uint8_t* p = &rgba[(static_cast<std::size_t>(H - 1 - y) * W + x) * 4];
        std::memcpy(&rgb[(static_cast<std::size_t>(y) * W + x) * 3], p, 3);
        const int lum = (p[0] * 299 + p[1] * 587 + p[2] * 114) / 1000;
        levels.insert(lum);
        colours.insert((p[0] >> 3) << 10 | (p[1] >> 3) << 5 | (p[2] >> 3));
        black += lum < 8;
        bright += lum > 240;
        ++n;
      }
    const std::string path = out_dir + "/" + s.name + ".png";
    const bool saved = write_png(path, W, H, rgb);
    const auto& st = renderer.stats();
    const double black_frac = static_cast<double>(black) / n,
                 bright_frac = static_cast<double>(bright) / n;
    std::fprintf(stderr,
                 "%s: %s; chunks %d/%d drawn (%d culled), %lld triangles, levels [%d %d %d %d]; "
                 "grey levels %zu, colours %zu, background/black %.3f, white %.3f, gl error %u\n",
                 s.name, saved ? path.c_str() : "NOT SAVED", st.chunks_drawn, st.chunks_total,
                 st.chunks_culled, st.triangles, st.level_histogram[0], st.level_histogram[1],
                 st.level_histogram[2], st.level_histogram[3], levels.size(), colours.size(),
                 black_frac, bright_frac, glerr);
    bool ok = saved && glerr == GL_NO_ERROR && st.chunks_drawn > 0 && levels.size() > 60 &&
              black_frac < 0.6 && bright_frac < 0.2;
    if (s.mode != render::DemColorMode::Shaded) ok = ok && colours.size() > 200;
    if (!ok) {
      std::fprintf(stderr, "  FAILED: blank, uniform, black or washed out\n");
      ++failures;
    }
  }
  SDL_GL_DeleteContext(ctx);
  SDL_DestroyWindow(win);
  SDL_Quit();
  return failures == 0 ? 0 : 1;
}

// The desktop: a plain loop, and two options for tests and batch use:
//   --frames N         stop after N rendered frames
//   --screenshot FILE  save the last frame as a BMP (with --frames)
//   --traverse FROM_LAT,FROM_LON,TO_LAT,TO_LON  plan a rover drive once the terrain is up
//   --traverse-at F    keep the clock at this fraction (0..1) of the planned drive
//   --stand-here LAT,LON[,HEADING]  the ground view at a site (heading: compass deg; default
//                      toward the Sun)
#include <SDL.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "app/app.hpp"
#include "app/platform.hpp"
#include "engine/core/atomic_file.hpp"
#include "render/gl.hpp"

namespace ce8::app::platform {

namespace {
std::string g_exe_dir;  // set once in main()
}

const char* name() { return "native (OpenGL 3.3)"; }

void set_gl_attributes() {
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 3);
}

const char* imgui_glsl_version() { return "#version 330 core"; }

std::string font_path() {
  const std::string p = g_exe_dir + "/assets/fonts/DejaVuSans.ttf";
  return std::filesystem::exists(p) ? p : std::string();
}

void sync_window_size(SDL_Window*) {}

void on_loading_progress(float, const char*) {}

void on_first_frame() { std::fprintf(stderr, "ce8-explorer: first frame rendered\n"); }

void report_fatal(const std::string& message) {
  std::fprintf(stderr, "ce8-explorer: error: %s\n", message.c_str());
}

bool can_import_files() { return false; }
bool can_use_files() { return true; }
void on_notice(const std::string& message) {
  std::fprintf(stderr, "ce8-explorer: %s\n", message.c_str());
}
std::string page_url() { return {}; }
std::string url_fragment() { return {}; }
void set_url_fragment(const std::string&) {}
void open_import_dialog() {}
void on_import_result(bool ok, const std::string& message) {
  std::fprintf(stderr, "ce8-explorer: import %s: %s\n", ok ? "done" : "failed", message.c_str());
}
void on_terrain_changed(const std::string&, int, int, double) {}
void on_local_tile(const std::string& description) {
  std::fprintf(stderr, "ce8-explorer: local tile: %s\n", description.c_str());
}

void on_shadows(bool ready, double wall_s, double work_s, double update_ms, double bytes) {
  if (ready)
    std::printf(
        "cast shadows ready: horizon map %.1f MiB in %.2f s (%.2f s of work), "
        "visibility update %.1f ms\n",
        bytes / (1024.0 * 1024.0), wall_s, work_s, update_ms);
}

void on_shadow_update(long long, double) {}

std::string save_text_file(const std::string& file_name, const std::string&,
                           const std::string& content) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path target = fs::absolute(fs::path(file_name), ec);
  if (ec) return "Could not save " + file_name + ": " + ec.message();
  // Temporary file in the same folder, then rename: never a half-written file.
  if (auto w = ce8::write_file_atomically(target.string(), content); !w)
    return "Could not save: " + w.error().message;
  return "Saved to " + target.string();
}

void on_traverse_status(const std::string& json) {
  // Printed when the plan's state changes (not on every rover move).
  static std::string last;
  const std::string head = json.substr(0, json.find(",\"rover\""));
  if (head == last) return;
  last = head;
  std::fprintf(stderr, "ce8-explorer: traverse %s}\n", head.c_str());
}

void on_sky_status(const std::string& json) {
  // Printed when the ground view is entered or left, with where the Sun and the Earth stand.
  static std::string last_view;
  const std::string view = json.substr(0, json.find(','));
  if (view == last_view) return;
  last_view = view;
  std::fprintf(stderr, "ce8-explorer: sky %s\n", json.c_str());
}

}  // namespace ce8::app::platform

namespace {

bool save_screenshot(const ce8::app::App& app, const char* path) {
  int w = 0, h = 0;
  app.drawable_size(w, h);
  std::vector<unsigned char> pixels(static_cast<size_t>(w) * h * 3);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, w, h, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
  // GL rows run bottom-up; BMP via SDL wants top-down.
  std::vector<unsigned char> flipped(pixels.size());
  for (int y = 0; y < h; ++y)
    std::memcpy(&flipped[static_cast<size_t>(y) * w * 3],
                &pixels[static_cast<size_t>(h - 1 - y) * w * 3], static_cast<size_t>(w) * 3);
  SDL_Surface* s =
      SDL_CreateRGBSurfaceWithFormatFrom(flipped.data(), w, h, 24, w * 3, SDL_PIXELFORMAT_RGB24);
  if (!s) return false;
  const bool ok = SDL_SaveBMP(s, path) == 0;
  SDL_FreeSurface(s);
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  long max_frames = -1;
  const char* screenshot = nullptr;
  bool fly = false;  // --fly-to: as "Fly there" once the terrain is up (builds a local tile)
  double fly_lat = 0.0, fly_lon = 0.0;
  float fly_dist = 0.0f;
  bool drive = false;  // --traverse: the Traverse panel plans this drive (after --fly-to)
  double drive_ll[4] = {0, 0, 0, 0};
  double drive_at = -1.0;
  bool stand = false;  // --stand-here: the ground view at a site (heading optional)
  double stand_ll[3] = {0, 0, std::nan("")};
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--frames") && i + 1 < argc) {
      char* end = nullptr;
      max_frames = std::strtol(argv[++i], &end, 10);
      if (*end || max_frames <= 0) {
        std::fprintf(stderr, "ce8-explorer: error: --frames needs a positive integer\n");
        return 2;
      }
    } else if (!std::strcmp(argv[i], "--screenshot") && i + 1 < argc) {
      screenshot = argv[++i];
    } else if (!std::strcmp(argv[i], "--fly-to") && i + 1 < argc) {
      if (std::sscanf(argv[++i], "%lf,%lf,%f", &fly_lat, &fly_lon, &fly_dist) != 3) {
        std::fprintf(stderr, "ce8-explorer: error: --fly-to needs LAT,LON,DISTANCE_M\n");
        return 2;
      }
      fly = true;
    } else if (!std::strcmp(argv[i], "--traverse") && i + 1 < argc) {
      if (std::sscanf(argv[++i], "%lf,%lf,%lf,%lf", &drive_ll[0], &drive_ll[1], &drive_ll[2],
                      &drive_ll[3]) != 4) {
        std::fprintf(stderr, "ce8-explorer: error: --traverse needs LAT,LON,LAT,LON\n");
        return 2;
      }
      drive = true;
    } else if (!std::strcmp(argv[i], "--stand-here") && i + 1 < argc) {
      if (std::sscanf(argv[++i], "%lf,%lf,%lf", &stand_ll[0], &stand_ll[1], &stand_ll[2]) < 2) {
        std::fprintf(stderr, "ce8-explorer: error: --stand-here needs LAT,LON[,HEADING_DEG]\n");
        return 2;
      }
      stand = true;
    } else if (!std::strcmp(argv[i], "--traverse-at") && i + 1 < argc) {
      drive_at = std::strtod(argv[++i], nullptr);
    } else if (!std::strcmp(argv[i], "--help")) {
      std::printf(
          "usage: ce8-explorer [--frames N [--screenshot FILE.bmp]] [--fly-to LAT,LON,DIST_M]\n"
          "                    [--traverse LAT,LON,LAT,LON [--traverse-at FRACTION]]\n"
          "                    [--stand-here LAT,LON[,HEADING_DEG]]\n");
      return 0;
    } else {
      std::fprintf(stderr, "ce8-explorer: error: unknown argument '%s' (see --help)\n", argv[i]);
      return 2;
    }
  }
  ce8::app::platform::g_exe_dir =
      std::filesystem::weakly_canonical(std::filesystem::path(argv[0])).parent_path().string();

  ce8::app::App app;
  while (app.frame()) {
    if (fly && app.frames_rendered() == 1) app.fly_to(fly_lat, fly_lon, fly_dist);
    if (stand && app.frames_rendered() == 1 &&
        !app.stand_here(stand_ll[0], stand_ll[1], stand_ll[2])) {
      std::fprintf(stderr, "ce8-explorer: error: cannot stand at %g, %g (off the terrain?)\n",
                   stand_ll[0], stand_ll[1]);
      return 2;
    }
    // After the local tile (if any) had time to build: plan on it.
    if (drive && app.frames_rendered() == 200)
      app.plan_traverse(drive_ll[0], drive_ll[1], drive_ll[2], drive_ll[3], "", 0, false);
    if (drive && drive_at >= 0.0 && app.frames_rendered() > 200) app.seek_traverse(drive_at);
    if (max_frames > 0 && static_cast<long>(app.frames_rendered()) >= max_frames) {
      if (screenshot && !save_screenshot(app, screenshot)) {
        std::fprintf(stderr, "ce8-explorer: error: could not write %s\n", screenshot);
        return 1;
      }
      break;
    }
  }
  return app.failed() ? 1 : 0;
}

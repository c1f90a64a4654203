// The desktop: a plain loop, and options for tests and batch use:
//   --frames N           stop after N rendered frames
//   --screenshot FILE    save the last frame as a BMP (with --frames)
//   --command JSON       run one of the explorer's commands (docs/commands.md) once it runs
//   --command-at N:JSON  the same at rendered frame N
//   --fly-to LAT,LON,DIST_M, --traverse FROM_LAT,FROM_LON,TO_LAT,TO_LON and --traverse-at F:
//                        shorthands for fly_to, plan_traverse (frame 200) and seek_traverse
//   --stand-here LAT,LON[,HEADING]  shorthand for stand_here (heading: compass degrees;
//                        default toward the Sun)
#include <SDL.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/app.hpp"
#include "app/platform.hpp"
#include "engine/core/atomic_file.hpp"
#include "engine/jobs/jobs.hpp"
#include "engine/session/commands.hpp"
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
int main_thread_workers() { return ce8::jobs::hardware_threads(); }
bool profile_frames() {
  const char* v = std::getenv("CE8_PROFILE");
  return v && std::string(v) == "1";
}
bool keeps_last_frame() { return false; }

std::string render_scale_setting() {
  const char* v = std::getenv("CE8_RENDER_SCALE");
  return v ? std::string(v) : std::string();
}
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

void on_status(const std::string& json) {
  // The traverse part is printed when the plan's state changes (not on every rover move).
  static std::string last;
  nlohmann::json status = nlohmann::json::parse(json, nullptr, false);
  // Each finished set of illumination maps: which backend, its time, summary numbers.
  static long long maps_runs = 0;
  if (status.is_object() && status.contains("maps") && status["maps"].is_object() &&
      status["maps"].value("runs", 0LL) != maps_runs) {
    maps_runs = status["maps"].value("runs", 0LL);
    std::printf("maps: %s\n", status["maps"].dump().c_str());
    std::fflush(stdout);
  }
  if (!status.is_object() || !status.contains("traverse")) return;
  nlohmann::json traverse = status["traverse"];
  if (traverse.is_object()) {
    traverse.erase("rover");
    traverse.erase("clockTt");
  }
  const std::string text = traverse.dump();
  if (text == last) return;
  last = text;
  std::fprintf(stderr, "ce8-explorer: traverse %s\n", text.c_str());
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

// A command for the explorer from the command line, run at a rendered frame.
struct ScheduledCommand {
  long frame = 1;
  std::string json;
  bool every_frame_after = false;  // --traverse-at: held on every frame after `frame`
};

int usage_error(const std::string& message) {
  std::fprintf(stderr, "ce8-explorer: error: %s\n", message.c_str());
  return 2;
}

int main(int argc, char** argv) {
  long max_frames = -1;
  const char* screenshot = nullptr;
  std::vector<ScheduledCommand> commands;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--frames" && has_value) {
      char* end = nullptr;
      max_frames = std::strtol(argv[++i], &end, 10);
      if (*end || max_frames <= 0) return usage_error("--frames needs a positive integer");
    } else if (arg == "--screenshot" && has_value) {
      screenshot = argv[++i];
    } else if (arg == "--command" && has_value) {
      commands.push_back({1, argv[++i]});
    } else if (arg == "--command-at" && has_value) {
      // FRAME:JSON
      const std::string v = argv[++i];
      char* end = nullptr;
      const long frame = std::strtol(v.c_str(), &end, 10);
      if (frame <= 0 || *end != ':') return usage_error("--command-at needs FRAME:JSON");
      commands.push_back({frame, std::string(end + 1)});
    } else if (arg == "--fly-to" && has_value) {
      double lat = 0, lon = 0, dist = 0;
      if (std::sscanf(argv[++i], "%lf,%lf,%lf", &lat, &lon, &dist) != 3)
        return usage_error("--fly-to needs LAT,LON,DISTANCE_M");
      commands.push_back(
          {1, nlohmann::json{{"cmd", "fly_to"}, {"lat", lat}, {"lon", lon}, {"distance_m", dist}}
                  .dump()});
    } else if (arg == "--traverse" && has_value) {
      double ll[4] = {0, 0, 0, 0};
      if (std::sscanf(argv[++i], "%lf,%lf,%lf,%lf", &ll[0], &ll[1], &ll[2], &ll[3]) != 4)
        return usage_error("--traverse needs LAT,LON,LAT,LON");
      // After the local tile (if any) had time to build: plan on it.
      commands.push_back({200, nlohmann::json{{"cmd", "plan_traverse"},
                                              {"from", {ll[0], ll[1]}},
                                              {"to", {ll[2], ll[3]}}}
                                   .dump()});
    } else if (arg == "--traverse-at" && has_value) {
      const double f = std::strtod(argv[++i], nullptr);
      commands.push_back(
          {200, nlohmann::json{{"cmd", "seek_traverse"}, {"fraction", f}}.dump(), true});
    } else if (arg == "--stand-here" && has_value) {
      double ll[3] = {0, 0, 0};
      const int n = std::sscanf(argv[++i], "%lf,%lf,%lf", &ll[0], &ll[1], &ll[2]);
      if (n < 2) return usage_error("--stand-here needs LAT,LON[,HEADING_DEG]");
      nlohmann::json c{{"cmd", "stand_here"}, {"lat", ll[0]}, {"lon", ll[1]}};
      if (n == 3) c["heading_deg"] = ll[2];
      commands.push_back({1, c.dump()});
    } else if (arg == "--help") {
      std::printf(
          "usage: ce8-explorer [--frames N [--screenshot FILE.bmp]] [--command JSON]...\n"
          "                    [--command-at FRAME:JSON]... [--fly-to LAT,LON,DIST_M]\n"
          "                    [--traverse LAT,LON,LAT,LON [--traverse-at FRACTION]]\n"
          "                    [--stand-here LAT,LON[,HEADING_DEG]]\n"
          "Commands are the page's and the tour's (docs/commands.md), e.g.\n"
          "  --command '{\"cmd\":\"fly_to\",\"site\":\"leibnitz-beta\"}'\n");
      return 0;
    } else {
      return usage_error("unknown argument '" + arg + "' (see --help)");
    }
  }
  // Every command is checked before the window opens: a bad one stops here.
  for (const ScheduledCommand& c : commands)
    if (auto parsed = ce8::session::command_from_json(c.json); !parsed)
      return usage_error(parsed.error().message);
  ce8::app::platform::g_exe_dir =
      std::filesystem::weakly_canonical(std::filesystem::path(argv[0])).parent_path().string();

  ce8::app::App app;
  while (app.frame()) {
    const long frame = static_cast<long>(app.frames_rendered());
    for (const ScheduledCommand& c : commands) {
      if (frame != c.frame && !(c.every_frame_after && frame > c.frame)) continue;
      const std::string reply = app.execute_json(c.json);
      if (!c.every_frame_after || frame == c.frame)
        std::fprintf(stderr, "ce8-explorer: %s -> %s\n", c.json.c_str(), reply.c_str());
    }
    if (max_frames > 0 && frame >= max_frames) {
      if (screenshot && !save_screenshot(app, screenshot)) {
        std::fprintf(stderr, "ce8-explorer: error: could not write %s\n", screenshot);
        return 1;
      }
      break;
    }
  }
  return app.failed() ? 1 : 0;
}

// The browser: Emscripten owns the loop, the canvas follows the page, and the page hears
// about the first frame (to hide its loading indicator) and about fatal errors.
#include <SDL.h>
#include <emscripten.h>
#include <emscripten/html5.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string>

#include "app/app.hpp"
#include "app/pds3_import.hpp"
#include "app/platform.hpp"
#include "engine/jobs/background.hpp"

namespace ce8::app::platform {

const char* name() { return "WebAssembly (WebGL2)"; }

void set_gl_attributes() {
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
}

std::string font_path() { return "/assets/fonts/DejaVuSans.ttf"; }  // preloaded by the page

void sync_window_size(SDL_Window* window) {
  double css_w = 0, css_h = 0;
  emscripten_get_element_css_size("#canvas", &css_w, &css_h);
  int w = 0, h = 0;
  SDL_GetWindowSize(window, &w, &h);
  const int want_w = static_cast<int>(css_w), want_h = static_cast<int>(css_h);
  if (want_w > 0 && want_h > 0 && (want_w != w || want_h != h))
    SDL_SetWindowSize(window, want_w, want_h);
}

// The JavaScript inside EM_ASM must stay as written: clang-format would split "===".
// clang-format off
void on_loading_progress(float fraction, const char* what) {
  EM_ASM({
    if (typeof Module.ce8OnProgress === 'function') Module.ce8OnProgress($0, UTF8ToString($1));
  }, fraction, what);
}

void on_first_frame() {
  EM_ASM({
    if (typeof Module.ce8OnFirstFrame === 'function') Module.ce8OnFirstFrame();
  });
}

void report_fatal(const std::string& message) {
  EM_ASM({
    const msg = UTF8ToString($0);
    if (typeof Module.ce8OnFatal === 'function') Module.ce8OnFatal(msg);
    else console.error(msg);
  }, message.c_str());
}

bool can_import_files() { return true; }
bool can_use_files() { return false; }

void on_notice(const std::string& message) {
  EM_ASM({
    if (typeof Module.ce8OnNotice === 'function') Module.ce8OnNotice(UTF8ToString($0));
  }, message.c_str());
}

namespace {
// The page's location: 0 = origin + path + query, 1 = the fragment. Returned as a malloc'ed
// UTF-8 string the caller frees.
EM_JS(char*, ce8_js_location, (int which), {
  const s = which ? window.location.hash : (window.location.origin + window.location.pathname + window.location.search);
  const n = lengthBytesUTF8(s) + 1;
  const p = _malloc(n);
  stringToUTF8(s, p, n);
  return p;
});
// The page's ?render_scale= value, malloc'ed, or null when the query has none.
EM_JS(char*, ce8_js_render_scale, (), {
  const v = new URLSearchParams(window.location.search).get("render_scale");
  if (v === null) return 0;
  const n = lengthBytesUTF8(v) + 1;
  const p = _malloc(n);
  stringToUTF8(v, p, n);
  return p;
});
std::string location_part(int which) {
  char* p = ce8_js_location(which);
  std::string s = p ? p : "";
  std::free(p);
  return s;
}
}  // namespace

std::string page_url() { return location_part(0); }
std::string url_fragment() { return location_part(1); }
int main_thread_workers() { return 1; }
bool profile_frames() {
  return EM_ASM_INT({ return /[?&]profile(=|&|$)/.test(location.search) ? 1 : 0; }) != 0;
}

bool keeps_last_frame() { return true; }

std::string render_scale_setting() {
  char* p = ce8_js_render_scale();
  std::string s = p ? p : "";
  std::free(p);
  return s;
}

void set_url_fragment(const std::string& fragment) {
  EM_ASM({ history.replaceState(null, "", UTF8ToString($0)); }, fragment.c_str());
}

void open_import_dialog() {
  EM_ASM({
    if (typeof Module.ce8OpenImport === 'function') Module.ce8OpenImport();
  });
}

void on_import_result(bool ok, const std::string& message) {
  EM_ASM(
      {
        if (typeof Module.ce8OnImportResult === 'function')
          Module.ce8OnImportResult(!!$0, UTF8ToString($1));
      },
      ok ? 1 : 0, message.c_str());
}

void on_terrain_changed(const std::string& source, int width, int height, double cell_m) {
  EM_ASM(
      {
        if (typeof Module.ce8OnTerrain === 'function')
          Module.ce8OnTerrain(UTF8ToString($0), $1, $2, $3);
      },
      source.c_str(), width, height, cell_m);
}

void on_local_tile(const std::string& description) {
  EM_ASM(
      {
        if (typeof Module.ce8OnLocalTile === 'function') Module.ce8OnLocalTile(UTF8ToString($0));
      },
      description.c_str());
}

void on_shadows(bool ready, double wall_s, double work_s, double update_ms, double bytes) {
  EM_ASM(
      {
        if (typeof Module.ce8OnShadows === 'function') Module.ce8OnShadows(!!$0, $1, $2, $3, $4);
      },
      ready ? 1 : 0, wall_s, work_s, update_ms, bytes);
}

void on_shadow_update(long long updates, double update_ms) {
  EM_ASM(
      {
        if (window.ce8Status && window.ce8Status.shadows) {
          window.ce8Status.shadows.updates = $0;
          window.ce8Status.shadows.updateMs = $1;
        }
      },
      static_cast<double>(updates), update_ms);
}

std::string save_text_file(const std::string& file_name, const std::string& mime,
                           const std::string& content) {
  EM_ASM({
    const name = UTF8ToString($0);
    const type = UTF8ToString($1);
    const text = UTF8ToString($2, $3);
    const blob = new Blob([text], { type: type });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.style.display = 'none';
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
    if (window.ce8Status) {
      const nl = text.indexOf('\n');
      // (Parentheses: a bare comma would split the EM_ASM macro's arguments.)
      window.ce8Status.download = ({ name: name, type: type, bytes: blob.size,
                                     firstLine: nl >= 0 ? text.slice(0, nl) : text,
                                     count: (window.ce8Status.download ? window.ce8Status.download.count : 0) + 1 });
    }
  }, file_name.c_str(), mime.c_str(), content.data(), static_cast<int>(content.size()));
  char text[200];
  std::snprintf(text, sizeof text, "Downloaded %s (%.1f KB)", file_name.c_str(),
                static_cast<double>(content.size()) / 1024.0);
  return text;
}

void on_status(const std::string& json) {
  EM_ASM({
    if (Module.ce8OnStatus) {
      try { Module.ce8OnStatus(JSON.parse(UTF8ToString($0))); }
      catch (e) { console.error('status: ' + e.message); }
    }
  }, json.c_str());
}

void on_sky_status(const std::string& json) {
  EM_ASM({
    if (window.ce8Status) {
      try { window.ce8Status.sky = JSON.parse(UTF8ToString($0)); }
      catch (e) { console.error('sky status: ' + e.message); }
    }
  }, json.c_str());
}

// clang-format on
}  // namespace ce8::app::platform

namespace {
ce8::app::App* g_app = nullptr;  // the page's one explorer (lives as long as the page)
}  // namespace

// Called by web/main.js after it decoded a GeoTIFF: the first band as float32 (copied by the
// page into wasm memory with _malloc; the page frees it after this returns), the GDAL
// geotransform (6 doubles), the projection ("+proj=..." or "geokeys: Name=value ..."), the
// nodata value. Validation happens here, synchronously; the terrain is rebuilt over the next
// frames. Returns 1 when accepted, 0 when refused (the UI shows the reason).
extern "C" EMSCRIPTEN_KEEPALIVE int ce8_import_dem(const float* values, int width, int height,
                                                   const double* geotransform,
                                                   const char* projection, double nodata,
                                                   int has_nodata, const char* name) {
  if (!g_app) return 0;
  ce8::terrain::RasterImport raster;
  raster.width = width;
  raster.height = height;
  if (auto s = ce8::terrain::check_import_size(width, height); !s) {
    g_app->import_failed(s.error().message);
    return 0;
  }
  if (!values || !geotransform) {
    g_app->import_failed("the page passed no data");
    return 0;
  }
  raster.values = std::span<const float>(values, static_cast<std::size_t>(width) * height);
  for (int k = 0; k < 6; ++k) raster.geotransform[k] = geotransform[k];
  raster.projection = projection ? projection : "";
  if (has_nodata && !std::isnan(nodata)) raster.nodata = nodata;
  return g_app->import_raster(raster, name ? name : "imported file") ? 1 : 0;
}

// LOLA PDS3 import (web/main.js), in three calls so the page reads only the bytes it needs:
//   1. ce8_pds3_image_file(label): the image file the label names ("" = attached to the label),
//      or null when the label cannot be read (the UI shows why);
//   2. ce8_pds3_plan(label, image file size, out): checks the label against the image size and
//      writes the byte range to read (out[0] offset, out[1] size); 1 = go on, 0 = refused;
//   3. ce8_import_pds3(label, image file size, bytes, size, name): decodes that range (a polar
//      product's image, or the southern rows of a cylindrical one reprojected onto the polar
//      cap) and imports it as ce8_import_dem does. 1 = accepted, 0 = refused.
// Sizes are doubles (JS numbers): image files may exceed 2 GiB.
namespace {
ce8::Result<ce8::app::Pds3ImportPlan> pds3_plan(const char* label, double image_bytes) {
  if (!label) return ce8::make_error("the page passed no label");
  if (!(image_bytes >= 0.0) || image_bytes > 9.0e15)
    return ce8::make_error("the image file's size is not a number of bytes");
  return ce8::app::plan_pds3_import(label, static_cast<std::int64_t>(image_bytes),
                                    ce8::app::kTerrainImportSide);
}
}  // namespace

extern "C" EMSCRIPTEN_KEEPALIVE const char* ce8_pds3_image_file(const char* label) {
  static std::string name;
  if (!g_app) return nullptr;
  auto parsed = ce8::terrain::parse_pds3_label(label ? label : "");
  if (!parsed) {
    g_app->import_failed("not a readable PDS3 label: " + parsed.error().message);
    return nullptr;
  }
  name = parsed->image_file;
  return name.c_str();
}

extern "C" EMSCRIPTEN_KEEPALIVE int ce8_pds3_plan(const char* label, double image_bytes,
                                                  double* out) {
  if (!g_app || !out) return 0;
  auto plan = pds3_plan(label, image_bytes);
  if (!plan) {
    g_app->import_failed(plan.error().message);
    return 0;
  }
  out[0] = static_cast<double>(plan->range.offset);
  out[1] = static_cast<double>(plan->range.size);
  return 1;
}

extern "C" EMSCRIPTEN_KEEPALIVE int ce8_import_pds3(const char* label, double image_bytes,
                                                    const unsigned char* bytes, double size,
                                                    const char* name) {
  if (!g_app) return 0;
  auto plan = pds3_plan(label, image_bytes);
  if (!plan) {
    g_app->import_failed(plan.error().message);
    return 0;
  }
  if (!bytes && size > 0) {
    g_app->import_failed("the page passed no image data");
    return 0;
  }
  const std::span<const std::byte> data(reinterpret_cast<const std::byte*>(bytes),
                                        static_cast<std::size_t>(size));
  auto dem = ce8::app::decode_pds3_import(*plan, data);
  if (!dem) {
    g_app->import_failed(dem.error().message);
    return 0;
  }
  return g_app->import_dem(std::move(*dem), name ? name : "LOLA product") ? 1 : 0;
}

// The page's one entry for commands (the tour, links, tests): a command as JSON text
// (docs/commands.md), carried out by the same dispatcher as the panels'. Returns the reply as
// JSON text, {"ok":true,...} or {"ok":false,"error":"..."}; valid until the next call.
extern "C" EMSCRIPTEN_KEEPALIVE const char* ce8_command(const char* json) {
  static std::string reply;
  if (!g_app) {
    reply = R"({"ok":false,"error":"the explorer has not started"})";
  } else {
    reply = g_app->execute_json(json ? json : "");
  }
  return reply.c_str();
}

// The page could not read the file (not a TIFF, truncated, too large): one line for the banner.
extern "C" EMSCRIPTEN_KEEPALIVE void ce8_import_error(const char* message) {
  if (g_app) g_app->import_failed(message ? message : "the file could not be read");
}

// The page's saved session (web/session.js): the session as scenario JSON, and applying one
// (checked fully first: a damaged or hostile text changes nothing and the reply says why).
// Both return JSON text valid until the next call.
extern "C" EMSCRIPTEN_KEEPALIVE const char* ce8_session_capture() {
  static std::string text;
  text = g_app ? g_app->capture_session_json() : "";
  return text.c_str();
}

extern "C" EMSCRIPTEN_KEEPALIVE const char* ce8_session_apply(const char* text) {
  static std::string reply;
  const nlohmann::json r =
      g_app ? g_app->apply_session_json(text ? text : "")
            : nlohmann::json{{"ok", false}, {"error", "the explorer has not started"}};
  reply = r.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return reply.c_str();
}

namespace {

// WebGL can lose its context (GPU reset, driver update, too many contexts). Handled (so the
// browser may restore it), then everything GL is made again on restore.
EM_BOOL on_context_lost(int, const void*, void* app) {
  static_cast<ce8::app::App*>(app)->gl_context_lost();
  return EM_TRUE;
}

EM_BOOL on_context_restored(int, const void*, void* app) {
  static_cast<ce8::app::App*>(app)->gl_context_restored();
  return EM_TRUE;
}

// Sliced jobs (the single-threaded build) also advance between frames, one slice of at most
// 16 ms per task: while a frame waits for the GPU (a software rasteriser takes far longer than
// the main thread's part), the main thread would otherwise idle, and a job would get one slice
// per frame. Each slice is its own short task, so input and frames still come between them.
bool g_pump_scheduled = false;
void schedule_job_pump();
void pump_jobs(void*) {
  g_pump_scheduled = false;
  if (ce8::jobs::BackgroundJob::pump_one_slice()) schedule_job_pump();
}
void schedule_job_pump() {
  if (g_pump_scheduled) return;
  g_pump_scheduled = true;
  emscripten_async_call(pump_jobs, nullptr, 0);
}

void step(void* arg) {
  auto* app = static_cast<ce8::app::App*>(arg);
  if (!app->frame()) {
    emscripten_cancel_main_loop();
    return;
  }
  if (ce8::jobs::BackgroundJob::default_mode() == ce8::jobs::BackgroundJob::Mode::kSlices)
    schedule_job_pump();
}

}  // namespace

int main() {
  // Lives for the page's lifetime: the browser keeps calling step().
  auto* app = new ce8::app::App();
  g_app = app;
  emscripten_set_webglcontextlost_callback("#canvas", app, EM_FALSE, on_context_lost);
  emscripten_set_webglcontextrestored_callback("#canvas", app, EM_FALSE, on_context_restored);
  emscripten_set_main_loop_arg(step, app, 0, 0);
  return 0;
}

// What differs between the browser and the desktop, behind one small interface. Exactly one
// of platform_web.cpp / platform_desktop.cpp is compiled (chosen in CMake), each with its own
// main(). This folder is the only place that may mention __EMSCRIPTEN__.
#pragma once

#include <string>

struct SDL_Window;

namespace ce8::app::platform {

// "WebAssembly (WebGL2)" or "native (OpenGL 3.3)".
const char* name();
// SDL_GL_SetAttribute calls for the target's context (GLES 3.0 or GL 3.3 core).
void set_gl_attributes();
// Path of the UI font, or empty to use Dear ImGui's built-in one.
std::string font_path();
// Keeps the window matching its host (the browser window); no-op on the desktop.
void sync_window_size(SDL_Window* window);
// Start-up progress (0..1) and what is being done, for the page's loading indicator.
void on_loading_progress(float fraction, const char* what);
// Called once, after the first frame with the 3D view and the panels was presented.
void on_first_frame();
// Reports a fatal start-up problem to the user (page message / stderr).
void report_fatal(const std::string& message);

// Terrain import (the browser's "Import GeoTIFF" flow; the desktop has no file picker here).
bool can_import_files();
// Scenarios: whether the app may read and write files itself (desktop) or must use copy and
// paste (browser); the page address without its fragment; the fragment ("#s=..." or ""), and
// replacing it in the address bar without reloading. The desktop has no address: empty / no-op.
bool can_use_files();
// A one-line message the user was shown (bad shared link, ...), for the page's status object.
void on_notice(const std::string& message);
std::string page_url();
std::string url_fragment();
void set_url_fragment(const std::string& fragment);
// Opens the page's file picker (a hidden <input type=file>); the page decodes the file and hands
// it to App::import_raster through the exported ce8_import_dem().
void open_import_dialog();
// The outcome of an import (for the page's status object; the UI shows its own banner).
void on_import_result(bool ok, const std::string& message);
// The terrain now drawn (built-in model or an imported file).
void on_terrain_changed(const std::string& source, int width, int height, double cell_m);
// A local tile finished (its description, with the time it took).
void on_local_tile(const std::string& description);
// Cast shadows are ready: horizon map wall time and work time (s), the first Sun visibility
// update (ms) and the horizon map's size (bytes).
void on_shadows(bool ready, double wall_s, double work_s, double update_ms, double bytes);
// Rover traverse export: the desktop writes the file (the name may be a path; written to a
// temporary file, then renamed), the browser offers it as a download. Returns the one-line
// message the panel shows ("Saved to ...", "Downloaded ...", or what went wrong).
std::string save_text_file(const std::string& file_name, const std::string& mime,
                           const std::string& content);
// The explorer's status object (App::status(), one line of JSON) when it changed: the page keeps
// it as window.ce8Status.app (and .traverse) for the tour and tests.
void on_status(const std::string& json);
// The sky's status as one line of JSON (window.ce8Status.sky: the Sun's and the Earth's
// screen positions, elevations, the Earth's phase); called when it changes.
void on_sky_status(const std::string& json);
// Every frame once shadows are ready: visibility maps uploaded so far and the last one's cost.
void on_shadow_update(long long updates, double update_ms);
// Whether the frame's stage timers should wait for the GL queue at each mark (FrameProfile): the
// page's "?profile" query, or CE8_PROFILE=1 on the desktop.
bool profile_frames();
// Whether a frame that draws nothing keeps showing the last picture (a browser canvas does; a
// desktop window swaps buffers and waits for the display every frame, so it always draws).
bool keeps_last_frame();
// A fixed resolution scale for the 3D scene as written by the user (the page's ?render_scale=,
// CE8_RENDER_SCALE on the desktop); empty when not given: the app then adapts it.
std::string render_scale_setting();
// Threads a short computation on the main thread may use (the per-frame Sun visibility): the
// machine's natively; 1 in the browser, whose main thread must not wait for workers.
int main_thread_workers();

}  // namespace ce8::app::platform

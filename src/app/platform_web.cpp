// The browser: Emscripten owns the loop, the canvas follows the page, and the page hears
// about the first frame (to hide its loading indicator) and about fatal errors.
#include <SDL.h>
#include <emscripten.h>
#include <emscripten/html5.h>

#include <string>

#include "app/app.hpp"
#include "app/platform.hpp"

namespace ce8::app::platform {

const char* name() { return "WebAssembly (WebGL2)"; }

void set_gl_attributes() {
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
}

const char* imgui_glsl_version() { return "#version 300 es"; }

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
// clang-format on

}  // namespace ce8::app::platform

namespace {

void step(void* arg) {
  auto* app = static_cast<ce8::app::App*>(arg);
  if (!app->frame()) emscripten_cancel_main_loop();
}

}  // namespace

int main() {
  // Lives for the page's lifetime: the browser keeps calling step().
  auto* app = new ce8::app::App();
  emscripten_set_main_loop_arg(step, app, 0, 0);
  return 0;
}

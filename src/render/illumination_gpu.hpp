// The illumination maps on the GPU (WebGL2 / OpenGL 3.3): the same four maps as
// illumination::IlluminationJob (percent lit, percent Earth in view, longest darkness, permanent
// shadow) by the plain per-instant definition, every cell a fragment. The horizon map goes up as
// a 2D array texture (one R32F layer per direction), each cell's frame as RGBA32F textures, the
// window's per-instant Sun and Earth (illumination::body_tracks, the CPU's own inputs) as RGBA32F
// textures; each pass draws one triangle over two RGBA32F accumulators (Sun and Earth sums; dark
// runs), reading the previous pair (ping-pong), for a batch of instants in time order. Float
// arithmetic cannot decide "any of the Sun visible" within about 1e-7 rad of the threshold: the
// pass keeps bounds on the longest darkness, and the few cells where they leave more than one
// step open (or only such instants could light them) are evaluated on the CPU by the definition
// (shaders/illumination.frag). Needs float colour buffers (GL 3.3 core: always; WebGL2:
// EXT_color_buffer_float).
//
// Use on the thread that owns the GL context. GL state touched by a pass (framebuffer, viewport,
// program, vertex array, textures on units 0..7, blend/depth/scissor/cull) is put back after it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/core/result.hpp"
#include "engine/illumination/horizon.hpp"
#include "engine/illumination/illumination_map.hpp"
#include "engine/terrain/dem.hpp"
#include "render/gl.hpp"
#include "render/shader.hpp"

namespace ce8::render {

// Whether this context can run the integrator for a grid of width x height cells and
// `directions` horizon directions; if not, `why` says what is missing (one line).
bool illumination_gpu_supported(int width, int height, int directions, std::string* why);

// True for software rasterisers (Mesa llvmpipe/softpipe, SwiftShader, Microsoft Basic Render):
// there the CPU sector tables are faster (docs/illumination.md, "On the GPU").
bool is_software_renderer(const std::string& renderer);

class IlluminationGpu {
 public:
  IlluminationGpu() = default;
  ~IlluminationGpu();
  IlluminationGpu(const IlluminationGpu&) = delete;
  IlluminationGpu& operator=(const IlluminationGpu&) = delete;

  // Uploads everything and builds the program. The DEM and horizon map are read only here.
  // Errors: an unsupported context, a horizon map of another DEM, a bad window, a GL error.
  Status start(const terrain::Dem& dem, const illumination::HorizonMap& horizon,
               const illumination::TimeWindow& window);
  // Queues one pass of up to `batch` instants (fewer once the GPU's time per instant is known:
  // about `budget_s` of GPU work), unless the previous pass is still on the GPU (a fence; in a
  // browser polled, natively waited for). Returns at once in a browser.
  Status step(double budget_s, int batch = 256);
  bool done() const { return next_ >= instants_; }
  std::int64_t instants_done() const { return next_; }
  double progress() const {
    return instants_ > 0 ? static_cast<double>(next_) / static_cast<double>(instants_) : 0.0;
  }
  // Reads the accumulators back (after done()): the map, NaN on nodata cells like the CPU's.
  // `dem` and `horizon`: those given to start() (for the cells decided on the CPU).
  Result<illumination::IlluminationMap> result(const terrain::Dem& dem,
                                               const illumination::HorizonMap& horizon);
  // Cells the last result() evaluated on the CPU.
  std::size_t cpu_cells() const { return cpu_cells_; }
  // Deletes the GL objects (a no-op on a lost context's objects).
  void release();

 private:
  Status pass(int begin, int end);
  bool batch_in_flight();  // the last pass's fence is not signalled yet

  terrain::GridGeometry grid_;
  std::vector<std::uint8_t> valid_;  // 1 per cell with data
  illumination::BodyTracks tracks_;
  std::size_t cpu_cells_ = 0;
  double step_s_ = 0.0;
  std::int64_t instants_ = 0, next_ = 0;
  int directions_ = 0, instant_row_ = 0;
  float sun_r_max_ = 0.0f, earth_r_max_ = 0.0f;
  Program program_;
  GLuint vao_ = 0;
  GLuint frame_tex_[4] = {0, 0, 0, 0};  // up, grid x, grid y, position
  GLuint horizon_tex_ = 0, sun_tex_ = 0, earth_tex_ = 0;
  // Accumulator pairs: acc_tex_[2 a] sums, acc_tex_[2 a + 1] runs, drawn through acc_fbo_[a].
  GLuint acc_tex_[4] = {0, 0, 0, 0}, acc_fbo_[2] = {0, 0};
  int current_ = 0;                  // the accumulator holding the instants [0, next_)
  GLsync fence_ = nullptr;           // after the last pass queued
  double fence_at_s_ = 0.0;          // when it was queued
  std::int64_t fence_instants_ = 0;  // instants in it
  double gpu_s_per_instant_ = 0.0;   // measured through the fences (0: not yet)
};

// All of it at once: start, passes of `batch` instants, result (`cpu_cells`: how many cells
// were decided on the CPU).
Result<illumination::IlluminationMap> compute_illumination_map_gpu(
    const terrain::Dem& dem, const illumination::HorizonMap& horizon,
    const illumination::TimeWindow& window, int batch = 256, std::size_t* cpu_cells = nullptr);

}  // namespace ce8::render

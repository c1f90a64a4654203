// Progressive terrain generation: the built-in model evaluated a band of rows at a time, so an
// interactive front end (the browser page, one thread) can spread the work over many frames,
// show progress and cancel. The finished grid is bit-identical to generate() on the same grid
// and options: every cell uses the same model, the same cell centre expression
// (grid.cell_center(i, j) of the whole grid) and the same detail level.
//
//   auto job = ProgressiveDem::start(regional_grid(1024, 450.0));   // Result<ProgressiveDem>
//   each frame:  job->step_for(0.012);  ui.progress(job->progress());
//   when job->done():  Dem dem = std::move(*job).take();
//
// Note: generating band j0.. via generate(grid.sub(0, j0, w, h)) would be bit-identical only
// when y_max - j0 * cell is exact in double (true for the regional grids, not for local tiles
// whose origin is an arbitrary double); this class evaluates the full grid's cell centres
// directly, so it is exact for every grid.
#pragma once

#include <memory>

#include "engine/core/result.hpp"
#include "engine/terrain/dem.hpp"
#include "engine/terrain/generator.hpp"

namespace ce8::terrain {

class ProgressiveDem {
 public:
  // Checks the grid (check_grid) and allocates it (heights start as nodata).
  static Result<ProgressiveDem> start(const GridGeometry& grid,
                                      const GeneratorOptions& options = {});
  // The same for any height model (the built-in LOLA terrain), shared, not copied.
  static Result<ProgressiveDem> start(const GridGeometry& grid,
                                      std::shared_ptr<const HeightModel> model);

  // Generates up to `max_rows` further rows (at least one while not done); returns the number
  // of rows generated (0 when done or cancelled).
  int step(int max_rows);
  // Generates whole rows until about `budget_s` seconds of wall time are spent (at least one
  // row per call, so progress is guaranteed); returns the rows generated.
  int step_for(double budget_s);

  double progress() const;  // 0..1 (rows done / rows)
  int rows_done() const { return next_row_; }
  bool done() const { return next_row_ >= dem_.grid.height; }
  // Stops the job: further step() calls do nothing and take() fails.
  void cancel() { cancelled_ = true; }
  bool cancelled() const { return cancelled_; }

  // The grid so far (rows >= rows_done() are nodata); for a preview.
  const Dem& partial() const { return dem_; }
  // The finished DEM (moved out); an error if cancelled or not finished.
  Result<Dem> take() &&;

 private:
  ProgressiveDem(Dem dem, std::shared_ptr<const HeightModel> model);
  Dem dem_;
  std::shared_ptr<const HeightModel> model_;  // built once
  int next_row_ = 0;
  bool cancelled_ = false;
};

}  // namespace ce8::terrain

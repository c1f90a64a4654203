#include "engine/terrain/progressive.hpp"

#include <algorithm>
#include <chrono>
#include <string>
#include <utility>

namespace ce8::terrain {

ProgressiveDem::ProgressiveDem(Dem dem, std::shared_ptr<const HeightModel> model)
    : dem_(std::move(dem)), model_(std::move(model)) {}

Result<ProgressiveDem> ProgressiveDem::start(const GridGeometry& grid,
                                             const GeneratorOptions& options) {
  return start(grid, std::make_shared<SouthPoleModel>(options));
}

Result<ProgressiveDem> ProgressiveDem::start(const GridGeometry& grid,
                                             std::shared_ptr<const HeightModel> model) {
  if (!model) return make_error("no height model");
  auto dem = make_dem(grid, kNodata);
  if (!dem) return dem.error();
  return ProgressiveDem(std::move(*dem), std::move(model));
}

int ProgressiveDem::step(int max_rows) {
  if (cancelled_ || done()) return 0;
  const GridGeometry& g = dem_.grid;
  const int end = std::min(g.height, next_row_ + std::max(max_rows, 1));
  const int first = next_row_;
  for (int j = next_row_; j < end; ++j)
    for (int i = 0; i < g.width; ++i)
      dem_.at(i, j) = static_cast<float>(model_->height_m(g.cell_center(i, j), g.cell_m));
  next_row_ = end;
  return end - first;
}

int ProgressiveDem::step_for(double budget_s) {
  using clock = std::chrono::steady_clock;
  const auto t0 = clock::now();
  int rows = 0;
  do {
    const int n = step(1);
    if (n == 0) break;
    rows += n;
  } while (std::chrono::duration<double>(clock::now() - t0).count() < budget_s);
  return rows;
}

double ProgressiveDem::progress() const {
  return dem_.grid.height > 0 ? static_cast<double>(next_row_) / dem_.grid.height : 1.0;
}

Result<Dem> ProgressiveDem::take() && {
  if (cancelled_) return make_error("terrain generation was cancelled");
  if (!done())
    return make_error("terrain generation is not finished (" + std::to_string(next_row_) + " of " +
                      std::to_string(dem_.grid.height) + " rows)");
  return std::move(dem_);
}

}  // namespace ce8::terrain

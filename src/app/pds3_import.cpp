#include "app/pds3_import.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "engine/terrain/cylindrical.hpp"
#include "engine/terrain/projection.hpp"

namespace ce8::app {
namespace {

std::string mib(std::int64_t bytes) {
  return std::to_string((bytes + (std::int64_t{1} << 20) - 1) >> 20) + " MiB";
}

}  // namespace

Result<Pds3ImportPlan> plan_pds3_import(std::string_view label_text, std::int64_t image_file_bytes,
                                        int max_side, double cap_lat_deg) {
  using namespace terrain;
  auto label = parse_pds3_label(label_text);
  if (!label) return label.error();
  if (auto s = check_pds3_size(*label, image_file_bytes); !s) return s.error();
  Pds3ImportPlan plan;
  plan.label = std::move(*label);
  const Pds3Label& l = plan.label;
  if (plan.polar()) {
    // Larger than the explorer draws is fine (App::import_dem averages it down); the slice
    // limit below keeps the memory in bounds.
    if (l.samples > kMaxGridDimension || l.lines > kMaxGridDimension)
      return make_error("the product is " + std::to_string(l.samples) + " x " +
                        std::to_string(l.lines) + " cells, over the limit of " +
                        std::to_string(kMaxGridDimension) + " per side");
    plan.range = pds3_rows_range(l, 0, l.lines);
    plan.rows = RowSpan{0, l.lines};
  } else {
    // As read_dem does natively: the cap's square must stay inside the product's band (a band
    // such as LDEM_64's 90 S - 45 S may stop short of the cap), with its corners inside too.
    const double step = 1.0 / l.map_resolution_ppd;
    const double top = l.line_offset * step + 0.5 * step;
    const double rho_cap = to_map(latlon_deg(cap_lat_deg, 0.0)).y_m;
    const double rho_top = to_map(latlon_deg(std::min(-1.0, top - 2.0 * step), 0.0)).y_m;
    const double reach = std::min(rho_cap, rho_top / std::sqrt(2.0));
    plan.cap_lat_deg = rad_to_deg(to_latlon(MapXy{0.0, reach}).lat_rad);
    // The product's own spacing, or coarser so the cap fits in max_side cells per side.
    const double step_m = kMoonRadiusM * deg_to_rad(step);
    const double cell_m = std::max(step_m, 2.0 * reach / (max_side - 1));
    plan.target = polar_cap_grid(step, plan.cap_lat_deg, cell_m);
    if (auto s = check_grid(plan.target); !s) return s.error();
    plan.rows = pds3_rows_south_of(l, northernmost_lat_deg(plan.target));
    plan.range = pds3_rows_range(l, plan.rows.first, plan.rows.count);
  }
  if (plan.range.size > kMaxPds3SliceBytes)
    return make_error("the product's " + std::string(plan.polar() ? "image" : "southern rows") +
                      " take " + mib(plan.range.size) + "; the browser reads at most " +
                      mib(kMaxPds3SliceBytes) +
                      " (use a coarser product, or ce8 terrain import on the desktop)");
  return plan;
}

Result<terrain::Dem> decode_pds3_import(const Pds3ImportPlan& plan,
                                        std::span<const std::byte> bytes) {
  using namespace terrain;
  if (static_cast<std::int64_t>(bytes.size()) != plan.range.size)
    return make_error("read " + std::to_string(bytes.size()) + " bytes of the image, expected " +
                      std::to_string(plan.range.size));
  if (plan.polar()) return pds3_polar(plan.label, bytes);
  auto grid = pds3_cylindrical(plan.label, plan.rows, bytes);
  if (!grid) return grid.error();
  return reproject_to_polar(*grid, plan.target);
}

}  // namespace ce8::app

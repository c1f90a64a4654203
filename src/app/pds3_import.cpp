#include "app/pds3_import.hpp"

#include <string>

#include "engine/terrain/cylindrical.hpp"

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
    // The same plan as read_dem natively: the product's own spacing, or coarser so the cap fits
    // in max_side cells per side; a band short of the cap gives a smaller cap.
    auto cap = plan_cylindrical_import(l, cap_lat_deg, 0.0, false, max_side);
    if (!cap) return cap.error();
    plan.cap_lat_deg = cap->cap_lat_deg;
    plan.target = cap->target;
    plan.rows = cap->rows;
    plan.range = cap->range;
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

// LOLA PDS3 import in the explorer (the browser's file picker; no file system): the page reads
// the label as text, asks which bytes of the image it needs (plan_pds3_import: only the southern
// rows of a global cylindrical product), reads that slice and hands it over (decode_pds3_import).
// Polar stereographic products keep their grid; simple cylindrical ones are reprojected onto a
// polar cap grid (cap -80 deg, or less where a band stops short) of at most `max_side` cells
// per side. Both steps use the engine's PDS3 reader (engine/terrain/pds3.hpp, cylindrical.hpp);
// errors are one line naming the problem.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "engine/core/result.hpp"
#include "engine/terrain/dem.hpp"
#include "engine/terrain/pds3.hpp"

namespace ce8::app {

// Cells per side of an imported cylindrical product's cap grid (the explorer draws at most 1024).
inline constexpr int kTerrainImportSide = 1024;
// The most bytes of an image the page reads (the decoded heights take twice as much again).
inline constexpr std::int64_t kMaxPds3SliceBytes = std::int64_t{256} << 20;

struct Pds3ImportPlan {
  terrain::Pds3Label label;
  terrain::ByteRange range;      // what to read from the image file
  terrain::RowSpan rows;         // cylindrical: the rows that range holds
  terrain::GridGeometry target;  // cylindrical: the polar cap grid
  double cap_lat_deg = 0.0;      // cylindrical: how far the cap grid reaches along its axes
  bool polar() const { return label.projection == terrain::Pds3Projection::kPolarStereographic; }
};

// Parses the label, checks it against the image file's size and plans what to read.
Result<Pds3ImportPlan> plan_pds3_import(std::string_view label_text, std::int64_t image_file_bytes,
                                        int max_side, double cap_lat_deg = -80.0);

// Decodes the slice the plan asked for (exactly plan.range.size bytes) into a Dem on the
// project's polar stereographic grid.
Result<terrain::Dem> decode_pds3_import(const Pds3ImportPlan& plan,
                                        std::span<const std::byte> bytes);

}  // namespace ce8::app

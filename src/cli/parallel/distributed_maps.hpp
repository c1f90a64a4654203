// Horizon and illumination maps split over the ranks of a run (cluster.hpp), with pixels
// bit-for-bit equal to a single process's:
//   horizon:      rank r sweeps a contiguous block of directions (the engine's per-direction
//                 work, compute_horizon_directions), converts it to degrees and sends it to
//                 rank 0, which writes one band at a time (GeoTiffStream) and so never holds
//                 more than its own block and one band;
//   illumination: the same direction blocks, then an all-to-all transpose (one round per
//                 direction of a block) into row bands: rank r gets every direction of rows
//                 [H r / P, H (r + 1) / P) and integrates them over the window
//                 (IlluminationJob::create_rows); rank 0 writes its rows, then each other
//                 rank's, band of rows by band of rows.
// Memory per rank: the DEM (4 bytes a cell, on every rank), its direction block and its row
// band (each up to kMaxHorizonBytes = 2 GiB); rank 0 also holds what it is writing (one
// horizon band, or one other rank's rows of the four illumination bands). The summary
// reports what each rank held ("per_rank").
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "engine/core/result.hpp"
#include "engine/illumination/horizon.hpp"
#include "engine/illumination/illumination_map.hpp"
#include "engine/terrain/dem.hpp"

namespace ce8::cli::parallel {

// One rank's part: directions [first_direction, first_direction + directions) and rows
// [first_row, first_row + rows).
struct Share {
  int first_direction = 0, directions = 0;
  int first_row = 0, rows = 0;
};
Share share_of(int rank, int ranks, int directions, int height);

// Checks, on every rank before anything is allocated, that each rank's blocks fit the per-rank
// limit (kMaxHorizonBytes); `with_rows` adds the row bands (illumination).
Status check_shares(const terrain::GridGeometry& grid, const illumination::HorizonOptions& o,
                    bool with_rows);

// Collective. The whole horizon map into `out` (N bands, degrees; the same file as
// `ce8 horizon` writes). On rank 0 the summary's fields: min_horizon_deg, max_horizon_deg,
// ranks, per_rank. The status is the same on every rank.
Result<nlohmann::json> write_horizon_map(const terrain::Dem& dem,
                                         const illumination::HorizonOptions& o, int threads,
                                         const std::string& out, const std::string& description);

// Collective. The 4-band illumination map into `out`; summary fields as `ce8 illumination`
// (instants, mean_percent_lit, permanently_shadowed_cells, horizon_seconds,
// illumination_seconds) plus ranks and per_rank. `method` as in a one-process run, so the file
// is byte-identical to it.
Result<nlohmann::json> write_illumination_map(const terrain::Dem& dem,
                                              const illumination::HorizonOptions& o,
                                              const illumination::TimeWindow& window,
                                              illumination::IlluminationMethod method, int threads,
                                              const std::string& out,
                                              const std::string& description);

}  // namespace ce8::cli::parallel

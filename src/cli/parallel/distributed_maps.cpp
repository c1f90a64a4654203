// Horizon and illumination maps over the ranks of a run (see distributed_maps.hpp).
#include "cli/parallel/distributed_maps.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

#include "cli/parallel/cluster.hpp"
#include "engine/core/big_buffer.hpp"
#include "engine/jobs/jobs.hpp"
#include "engine/terrain/geotiff_stream.hpp"

namespace ce8::cli::parallel {
namespace {

using illumination::HorizonOptions;
constexpr double kDegPerRad = 180.0 / 3.14159265358979323846;
constexpr double kMiB = 1024.0 * 1024.0;

std::size_t cells_of(const terrain::GridGeometry& g) { return g.cells(); }

// Rank 0 creates the output; every rank learns whether it could.
Result<std::optional<terrain::GeoTiffStream>> open_output(
    const terrain::GridGeometry& grid, const std::vector<terrain::BandInfo>& bands,
    const std::string& out, const std::string& description) {
  std::optional<terrain::GeoTiffStream> stream;
  Status created = Ok{};
  if (is_root()) {
    auto s = terrain::GeoTiffStream::create(grid, bands, out, {description, true});
    if (s) {
      stream.emplace(std::move(*s));
      guard_temp_file(stream->temp_path());
    } else {
      created = s.error();
    }
  }
  if (auto ok = agree(created); !ok) return ok.error();
  return stream;
}

// Rank 0 commits (or, after a failure, drops) the output; every rank learns the outcome.
Status close_output(std::optional<terrain::GeoTiffStream>& stream, Status written) {
  if (is_root() && stream) {
    if (written) written = stream->commit();
    guard_temp_file("");
    stream.reset();  // removes the temporary file unless committed
  }
  return agree(written);
}

nlohmann::json rank_json(int r, const Share& s, double direction_mib, double row_mib,
                         double rss_mib) {
  nlohmann::json j = {{"rank", r},
                      {"directions", {s.first_direction, s.first_direction + s.directions}},
                      {"horizon_block_mib", direction_mib},
                      {"peak_rss_mib", rss_mib}};
  if (row_mib >= 0.0) {
    j["rows"] = {s.first_row, s.first_row + s.rows};
    j["horizon_rows_mib"] = row_mib;
  }
  return j;
}

// Every rank's share and memory, on rank 0.
nlohmann::json per_rank_json(const terrain::Dem& dem, const HorizonOptions& o, bool with_rows) {
  const std::vector<double> rss = gather(peak_rss_mib());
  nlohmann::json all = nlohmann::json::array();
  const double band_mib = static_cast<double>(cells_of(dem.grid)) * sizeof(float) / kMiB;
  for (int r = 0; r < static_cast<int>(rss.size()); ++r) {
    const Share s = share_of(r, size(), o.directions, dem.height());
    const double row_mib =
        with_rows ? static_cast<double>(s.rows) * dem.width() * o.directions * sizeof(float) / kMiB
                  : -1.0;
    all.push_back(rank_json(r, s, band_mib * s.directions, row_mib, rss[r]));
  }
  return all;
}

// This rank's direction block (radians), band-major; every rank learns of a failure.
Result<BigVector<float>> sweep_my_directions(const terrain::Dem& dem, const HorizonOptions& o,
                                             int threads) {
  const Share me = share_of(rank(), size(), o.directions, dem.height());
  BigVector<float> block;
  block.resize(cells_of(dem.grid) * me.directions);  // fresh storage: reads zero
  Status swept = illumination::compute_horizon_directions(dem, o, me.first_direction, me.directions,
                                                          block.data(), threads);
  if (auto ok = agree(swept); !ok) return ok.error();
  return block;
}

// The transpose: from every rank's direction block to this rank's row band (every direction
// of rows [first_row, first_row + rows)), one all-to-all per direction of a block. Offsets
// stay below 2^31: a row band is at most kMaxHorizonBytes.
BigVector<float> transpose_to_rows(const BigVector<float>& block, const terrain::Dem& dem,
                                   const HorizonOptions& o) {
  const int ranks = size();
  const int W = dem.width();
  const std::size_t cells = cells_of(dem.grid);
  const Share me = share_of(rank(), ranks, o.directions, dem.height());
  const std::size_t band = static_cast<std::size_t>(me.rows) * W;  // one direction of my rows
  BigVector<float> rows;
  rows.resize(band * o.directions);
  std::vector<Share> all(ranks);
  int rounds = 0;
  for (int r = 0; r < ranks; ++r) {
    all[r] = share_of(r, ranks, o.directions, dem.height());
    rounds = std::max(rounds, all[r].directions);
  }
  std::vector<int> send_count(ranks), send_offset(ranks), recv_count(ranks), recv_offset(ranks);
  for (int d = 0; d < rounds; ++d) {
    const bool sending = d < me.directions;
    for (int r = 0; r < ranks; ++r) {
      send_count[r] = sending ? all[r].rows * W : 0;
      send_offset[r] = all[r].first_row * W;
      const bool from = d < all[r].directions;
      recv_count[r] = from ? static_cast<int>(band) : 0;
      recv_offset[r] = from ? static_cast<int>(band * (all[r].first_direction + d)) : 0;
    }
    const float* src = sending ? block.data() + cells * d : block.data();
    all_to_all(src, send_count, send_offset, rows.data(), recv_count, recv_offset);
  }
  return rows;
}

// Rank 0's running sums over the map, in row order (the same order as a single process, so
// the same mean to the last bit).
struct MapTotals {
  double lit_sum = 0.0, shadowed = 0.0;
  long valid = 0;
  void add(const float* lit, const float* psr, std::size_t n) {
    for (std::size_t q = 0; q < n; ++q) {
      if (std::isnan(lit[q])) continue;
      lit_sum += lit[q];
      shadowed += psr[q];
      ++valid;
    }
  }
};

// Rank 0 writes every rank's rows of the four bands in row order; the others send theirs.
Status gather_illumination(const illumination::IlluminationMap& mine, const terrain::Dem& dem,
                           const HorizonOptions& o, terrain::GeoTiffStream* stream,
                           MapTotals& totals) {
  const int W = dem.width();
  if (!is_root()) {
    maybe_abort_for_test();
    const std::size_t n = static_cast<std::size_t>(mine.rows) * W;
    for (const auto* v :
         {&mine.percent_lit, &mine.percent_earth, &mine.longest_dark_h, &mine.permanent_shadow})
      send(0, v->data(), n);
    return Ok{};
  }
  Status written = Ok{};
  std::vector<float> in[4];
  for (int r = 0; r < size(); ++r) {
    const Share s = share_of(r, size(), o.directions, dem.height());
    const std::size_t n = static_cast<std::size_t>(s.rows) * W;
    const float* band[4] = {mine.percent_lit.data(), mine.percent_earth.data(),
                            mine.longest_dark_h.data(), mine.permanent_shadow.data()};
    if (r != 0) {
      for (int b = 0; b < 4; ++b) {
        in[b].resize(n);
        receive(r, in[b].data(), n);
        band[b] = in[b].data();
      }
    }
    totals.add(band[0], band[3], n);
    for (int b = 0; b < 4 && written; ++b)
      written = stream->write_rows(b, s.first_row, s.rows, band[b]);
  }
  return written;
}

}  // namespace

Share share_of(int r, int ranks, int directions, int height) {
  Share s;
  s.first_direction = static_cast<int>(static_cast<long long>(directions) * r / ranks);
  s.directions =
      static_cast<int>(static_cast<long long>(directions) * (r + 1) / ranks) - s.first_direction;
  s.first_row = static_cast<int>(static_cast<long long>(height) * r / ranks);
  s.rows = static_cast<int>(static_cast<long long>(height) * (r + 1) / ranks) - s.first_row;
  return s;
}

Status check_shares(const terrain::GridGeometry& grid, const HorizonOptions& o, bool with_rows) {
  terrain::GridGeometry one_row = grid;  // options checked as for one row; memory per rank below
  one_row.height = 1;
  if (auto ok = illumination::check_horizon_request(one_row, o); !ok) return ok.error();
  const double limit = static_cast<double>(illumination::kMaxHorizonBytes);
  for (int r = 0; r < size(); ++r) {
    const Share s = share_of(r, size(), o.directions, grid.height);
    const double block = static_cast<double>(grid.cells()) * s.directions * sizeof(float);
    const double rows =
        with_rows ? static_cast<double>(s.rows) * grid.width * o.directions * sizeof(float) : 0.0;
    const double need = std::max(block, rows);
    if (need > limit)
      return make_error("a horizon map of " + std::to_string(grid.width) + " x " +
                        std::to_string(grid.height) + " cells in " + std::to_string(o.directions) +
                        " directions over " + std::to_string(size()) + " ranks needs " +
                        std::to_string(static_cast<long long>(need / kMiB)) + " MiB on rank " +
                        std::to_string(r) + ", more than the limit of " +
                        std::to_string(illumination::kMaxHorizonBytes / (1 << 20)) +
                        " MiB per rank; use more ranks, fewer directions or a smaller grid");
  }
  return Ok{};
}

Result<nlohmann::json> write_horizon_map(const terrain::Dem& dem, const HorizonOptions& o,
                                         int threads, const std::string& out,
                                         const std::string& description) {
  if (auto ok = agree(check_shares(dem.grid, o, false)); !ok) return ok.error();
  auto block = sweep_my_directions(dem, o, threads);
  if (!block) return block.error();
  double mn = INFINITY, mx = -INFINITY;
  for (float& v : *block) {  // degrees, as cmd_horizon.cpp converts them
    v = static_cast<float>(v * kDegPerRad);
    if (v == v) mn = std::min<double>(mn, v), mx = std::max<double>(mx, v);
  }
  std::vector<terrain::BandInfo> bands;
  for (int k = 0; k < o.directions; ++k) {
    char name[64];
    std::snprintf(name, sizeof name, "horizon_deg_grid_az_%.6g", 360.0 * k / o.directions);
    bands.push_back({name, "deg"});
  }
  auto stream = open_output(dem.grid, bands, out, description);
  if (!stream) return stream.error();
  const std::size_t cells = cells_of(dem.grid);
  const Share me = share_of(rank(), size(), o.directions, dem.height());
  Status written = Ok{};
  if (is_root()) {
    std::vector<float> band(size() > 1 ? cells : 0);
    for (int r = 0; r < size(); ++r) {
      const Share s = share_of(r, size(), o.directions, dem.height());
      for (int d = 0; d < s.directions; ++d) {
        const float* values = block->data() + cells * d;
        if (r != 0) receive(r, band.data(), cells), values = band.data();
        // After a failed write keep receiving, so no rank waits forever; write no more.
        if (written)
          written = (*stream)->write_rows(s.first_direction + d, 0, dem.height(), values);
      }
    }
  } else {
    maybe_abort_for_test();
    for (int d = 0; d < me.directions; ++d) send(0, block->data() + cells * d, cells);
  }
  if (auto ok = close_output(*stream, written); !ok) return ok.error();
  nlohmann::json j;
  j["min_horizon_deg"] = min(mn);
  j["max_horizon_deg"] = max(mx);
  j["ranks"] = size();
  j["per_rank"] = per_rank_json(dem, o, false);
  return j;
}

Result<nlohmann::json> write_illumination_map(const terrain::Dem& dem, const HorizonOptions& o,
                                              const illumination::TimeWindow& window,
                                              illumination::IlluminationMethod method, int threads,
                                              const std::string& out,
                                              const std::string& description) {
  if (auto ok = agree(check_shares(dem.grid, o, true)); !ok) return ok.error();
  const double t0 = jobs::monotonic_seconds();
  auto block = sweep_my_directions(dem, o, threads);
  if (!block) return block.error();
  BigVector<float> rows = transpose_to_rows(*block, dem, o);
  *block = BigVector<float>();  // the direction block is no longer needed
  const double t1 = jobs::monotonic_seconds();
  const Share me = share_of(rank(), size(), o.directions, dem.height());
  auto job = illumination::IlluminationJob::create_rows(dem, o, rows.data(), me.first_row,
                                                        me.first_row + me.rows, window, method);
  Status integrated = Ok{};
  if (!job)
    integrated = job.error();
  else if (job->run(threads) != jobs::JobState::kDone)
    integrated = make_error("illumination computation cancelled");
  if (auto ok = agree(integrated); !ok) return ok.error();
  rows = BigVector<float>();
  const illumination::IlluminationMap map = job->take_result();
  const double t2 = jobs::monotonic_seconds();
  auto stream = open_output(dem.grid,
                            {{"percent_time_lit", "%"},
                             {"percent_time_earth_in_view", "%"},
                             {"longest_darkness_hours", "h"},
                             {"permanently_shadowed", ""}},
                            out, description);
  if (!stream) return stream.error();
  MapTotals totals;
  Status written = gather_illumination(map, dem, o, *stream ? &**stream : nullptr, totals);
  if (auto ok = close_output(*stream, written); !ok) return ok.error();
  nlohmann::json j;
  j["instants"] = map.instants;
  j["mean_percent_lit"] = totals.valid ? totals.lit_sum / totals.valid : 0.0;
  j["permanently_shadowed_cells"] = static_cast<long>(totals.shadowed);
  j["horizon_seconds"] = t1 - t0;
  j["illumination_seconds"] = t2 - t1;
  j["ranks"] = size();
  j["per_rank"] = per_rank_json(dem, o, true);
  return j;
}

}  // namespace ce8::cli::parallel

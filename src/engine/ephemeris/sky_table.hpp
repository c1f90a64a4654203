// The fast path for long series: the Sun and Earth vectors (Moon centre -> body, apparent, km) in
// the Moon body-fixed frame, fitted once over a time window with Chebyshev polynomials in pieces
// of a few days, then evaluated by Clenshaw's recurrence (about 80 multiply-adds per body).
//
// Build one table for a simulation window, then call sun_dir_body(t) / earth_body_km(t) as often
// as needed (millions of times); a site's azimuth/elevation then is three dot products (see
// site.hpp). The defaults (2-day pieces, degree 12) add under 1 milliarcsecond of direction
// error (measured in tests/engine/ephemeris_test.cpp and stated in docs/ephemeris.md), far below
// the full theory's own error.
#pragma once

#include <cstddef>
#include <vector>

#include "engine/core/result.hpp"
#include "engine/ephemeris/vec.hpp"
#include "engine/time/time.hpp"

namespace ce8::ephemeris {

struct SkyTableOptions {
  double piece_days = 2.0;  // length of one Chebyshev piece
  int degree = 12;          // polynomial degree per piece (1..30)
};

class SkyTable {
 public:
  // The longest window one table may cover (memory: about 1.1 MB per 10 years at the defaults).
  static constexpr double kMaxWindowDays = 250.0 * 365.25;

  // Fits the window [start, end] (end after start). Fails on an empty, reversed or too long window
  // or bad options. Cost: (degree + 1) full evaluations per piece.
  static Result<SkyTable> build(const time::Instant& start, const time::Instant& end,
                                const SkyTableOptions& options = {});

  // Time argument: TT seconds since J2000 (time::Instant::tt_seconds_since_j2000()). Times
  // outside the window are clamped to its ends; check contains() first where that matters.
  double start_tt_s() const { return t0_s_; }
  double end_tt_s() const { return t1_s_; }
  bool contains(double tt_s) const { return tt_s >= t0_s_ && tt_s <= t1_s_; }

  Vec3 sun_body_km(double tt_s) const { return eval(tt_s, 0); }
  Vec3 earth_body_km(double tt_s) const { return eval(tt_s, 1); }
  Vec3 sun_dir_body(double tt_s) const { return normalized(sun_body_km(tt_s)); }
  Vec3 earth_dir_body(double tt_s) const { return normalized(earth_body_km(tt_s)); }

  std::size_t pieces() const { return pieces_; }
  std::size_t memory_bytes() const { return coef_.size() * sizeof(double); }

 private:
  friend class SkyTableBuilder;
  Vec3 eval(double tt_s, int body) const;

  double t0_s_ = 0.0, t1_s_ = 0.0, piece_s_ = 1.0;
  std::size_t pieces_ = 0;
  int n_ = 1;                 // coefficients per component (degree + 1)
  std::vector<double> coef_;  // [piece][body 0..1][component 0..2][n_]
};

// SkyTable::build one full evaluation at a time, for callers that must not block (the
// explorer's traverse job in the single-threaded browser build): start(), fit_next() until it
// returns true, take(). The table equals SkyTable::build's for the same window, bit for bit.
class SkyTableBuilder {
 public:
  static Result<SkyTableBuilder> start(const time::Instant& start, const time::Instant& end,
                                       const SkyTableOptions& options = {});
  // Evaluates the Sun and Earth at the next Chebyshev node (about 0.1 ms natively), fitting a
  // piece after its last node; true once every piece is fitted.
  bool fit_next();
  // Evaluations in all (pieces x (degree + 1)) and done so far.
  std::size_t evaluations() const { return table_.pieces_ * static_cast<std::size_t>(table_.n_); }
  std::size_t evaluated() const { return piece_ * static_cast<std::size_t>(table_.n_) + node_; }
  // After fit_next() returned true.
  SkyTable take() { return std::move(table_); }

 private:
  time::Instant start_;
  SkyTable table_;
  std::vector<double> values_;
  std::size_t piece_ = 0;
  int node_ = 0;
};

}  // namespace ce8::ephemeris

#include "engine/ephemeris/sky_table.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "engine/ephemeris/sky.hpp"

namespace ce8::ephemeris {

Result<SkyTable> SkyTable::build(const time::Instant& start, const time::Instant& end,
                                 const SkyTableOptions& options) {
  auto builder = SkyTableBuilder::start(start, end, options);
  if (!builder) return builder.error();
  while (!builder->fit_next()) {
  }
  return builder->take();
}

Result<SkyTableBuilder> SkyTableBuilder::start(const time::Instant& start, const time::Instant& end,
                                               const SkyTableOptions& options) {
  if (!(options.piece_days > 0.0) || options.piece_days > 64.0)
    return make_error("SkyTable piece length must be in (0, 64] days");
  if (options.degree < 1 || options.degree > 30)
    return make_error("SkyTable degree must be in 1..30");
  const double span_s = time::seconds_between(start, end);
  if (!(span_s > 0.0)) return make_error("SkyTable window must end after it starts");
  if (span_s > SkyTable::kMaxWindowDays * time::kSecondsPerDay)
    return make_error("SkyTable window is longer than 250 years");

  SkyTableBuilder b;
  b.start_ = start;
  SkyTable& t = b.table_;
  t.t0_s_ = start.tt_seconds_since_j2000();
  t.t1_s_ = t.t0_s_ + span_s;
  t.piece_s_ = options.piece_days * time::kSecondsPerDay;
  t.pieces_ = static_cast<std::size_t>(std::ceil(span_s / t.piece_s_));
  if (t.pieces_ == 0) t.pieces_ = 1;
  t.n_ = options.degree + 1;
  t.coef_.assign(t.pieces_ * 6 * static_cast<std::size_t>(t.n_), 0.0);
  b.values_.resize(6 * static_cast<std::size_t>(t.n_));
  return b;
}

bool SkyTableBuilder::fit_next() {
  SkyTable& t = table_;
  const int n = t.n_;
  if (piece_ >= t.pieces_) return true;
  const double a = t.t0_s_ + static_cast<double>(piece_) * t.piece_s_;
  const double mid = a + 0.5 * t.piece_s_;
  // Sample at the Chebyshev nodes x_k = cos(pi (k + 1/2) / n).
  const int k = node_;
  const double x = std::cos(kPi * (k + 0.5) / n);
  const auto when = time::add_seconds(start_, (mid + 0.5 * t.piece_s_ * x) - t.t0_s_);
  const SkyState s = sky_state(when);
  const double v[6] = {s.sun_body_km.x,   s.sun_body_km.y,   s.sun_body_km.z,
                       s.earth_body_km.x, s.earth_body_km.y, s.earth_body_km.z};
  for (int c = 0; c < 6; ++c) values_[static_cast<std::size_t>(c * n + k)] = v[c];
  if (++node_ < n) return false;
  // c_j = (2/n) sum_k f(x_k) cos(pi j (k + 1/2) / n); c_0 halved.
  double* out = &t.coef_[piece_ * 6 * static_cast<std::size_t>(n)];
  for (int c = 0; c < 6; ++c) {
    for (int j = 0; j < n; ++j) {
      double sum = 0.0;
      for (int q = 0; q < n; ++q)
        sum += values_[static_cast<std::size_t>(c * n + q)] * std::cos(kPi * j * (q + 0.5) / n);
      out[c * n + j] = (j == 0 ? 1.0 : 2.0) * sum / n;
    }
  }
  node_ = 0;
  ++piece_;
  return piece_ >= t.pieces_;
}

Vec3 SkyTable::eval(double tt_s, int body) const {
  const double t = std::clamp(tt_s, t0_s_, t1_s_);
  double u = (t - t0_s_) / piece_s_;
  std::size_t p = static_cast<std::size_t>(u);
  if (p >= pieces_) p = pieces_ - 1;
  const double x = 2.0 * (u - static_cast<double>(p)) - 1.0;  // [-1, 1] within the piece
  const double* c =
      &coef_[(p * 6 + static_cast<std::size_t>(body) * 3) * static_cast<std::size_t>(n_)];
  double r[3];
  const double x2 = 2.0 * x;
  for (int comp = 0; comp < 3; ++comp) {
    const double* cc = c + comp * n_;
    double b1 = 0.0, b2 = 0.0;
    for (int j = n_ - 1; j >= 1; --j) {
      const double b0 = cc[j] + x2 * b1 - b2;
      b2 = b1;
      b1 = b0;
    }
    r[comp] = cc[0] + x * b1 - b2;
  }
  return {r[0], r[1], r[2]};
}

}  // namespace ce8::ephemeris

#include "engine/scenario/clock_controller.hpp"

#include <algorithm>
#include <cmath>

namespace ce8::scenario {

const char* clock_mode_name(ClockMode mode) {
  switch (mode) {
    case ClockMode::kStopped:
      return "stopped";
    case ClockMode::kPlaying:
      return "playing";
    case ClockMode::kSpan:
      return "span";
    case ClockMode::kDrive:
      return "drive";
  }
  return "stopped";
}

void ClockController::set_now(const time::Instant& t) {
  if (t.tt_seconds_since_j2000() == clock_.now.tt_seconds_since_j2000()) return;
  clock_.now = t;
  ++revision_;
}

double ClockController::rate_s_per_s() const {
  switch (mode_) {
    case ClockMode::kStopped:
      return 0.0;
    case ClockMode::kPlaying:
      return custom_speed_ > 0.0 ? custom_speed_ : clock_.speed_s_per_s();
    case ClockMode::kSpan:
    case ClockMode::kDrive:
      return time::seconds_between(span_.from, span_.until) / span_.real_s;
  }
  return 0.0;
}

void ClockController::seek(const time::Instant& t) {
  mode_ = ClockMode::kStopped;
  clock_.playing = false;
  set_now(t);
}

Status ClockController::seek_iso8601_utc(std::string_view text) {
  auto t = time::parse_iso8601(text, time::Scale::kUtc);
  if (!t) return t.error();
  seek(*t);
  return Ok{};
}

void ClockController::seek_window_fraction(double fraction) {
  SimClock c = clock_;
  c.set_window_fraction(fraction);
  seek(c.now);
}

void ClockController::play(int speed_index) {
  clock_.speed_index = std::clamp(speed_index, 0, static_cast<int>(kClockSpeeds.size()) - 1);
  custom_speed_ = 0.0;
  mode_ = ClockMode::kPlaying;
  clock_.playing = true;
}

Status ClockController::play_at(double sim_s_per_real_s) {
  if (!std::isfinite(sim_s_per_real_s) || sim_s_per_real_s <= 0.0)
    return make_error("the clock speed must be a positive number of seconds per second");
  // A listed speed keeps its index (the Sky panel shows it); any other is kept as it is.
  custom_speed_ = sim_s_per_real_s;
  for (size_t i = 0; i < kClockSpeeds.size(); ++i) {
    if (kClockSpeeds[i].sim_s_per_real_s == sim_s_per_real_s) {
      clock_.speed_index = static_cast<int>(i);
      custom_speed_ = 0.0;
    }
  }
  mode_ = ClockMode::kPlaying;
  clock_.playing = true;
  return Ok{};
}

void ClockController::pause() {
  mode_ = ClockMode::kStopped;
  clock_.playing = false;
}

void ClockController::set_speed_index(int speed_index) {
  clock_.speed_index = std::clamp(speed_index, 0, static_cast<int>(kClockSpeeds.size()) - 1);
  custom_speed_ = 0.0;
}

Status ClockController::follow_span(const ClockSpan& span) {
  if (!(time::seconds_between(span.from, span.until) > 0.0))
    return make_error("the clock span must end after it starts");
  if (!std::isfinite(span.real_s) || span.real_s <= 0.0)
    return make_error("the clock span needs a positive duration in seconds");
  span_ = span;
  mode_ = ClockMode::kSpan;
  clock_.playing = false;
  set_now(span.from);
  return Ok{};
}

Status ClockController::follow_drive(const time::Instant& from, const time::Instant& until,
                                     double real_s) {
  const ClockSpan span{from, until, real_s, false};
  const bool inside = time::seconds_between(from, clock_.now) >= 0.0 &&
                      time::seconds_between(clock_.now, until) > 0.0;
  const time::Instant resume = clock_.now;
  if (Status s = follow_span(span); !s) return s;
  mode_ = ClockMode::kDrive;
  if (inside) set_now(resume);
  return Ok{};
}

double ClockController::span_fraction() const {
  if (mode_ != ClockMode::kSpan && mode_ != ClockMode::kDrive) return 0.0;
  const double len = time::seconds_between(span_.from, span_.until);
  return std::clamp(time::seconds_between(span_.from, clock_.now) / len, 0.0, 1.0);
}

void ClockController::set_window(const time::Instant& start, const time::Instant& end) {
  clock_.window_start = start;
  clock_.window_end = end;
}

void ClockController::restore(const time::Instant& now, int speed_index, bool playing) {
  set_speed_index(speed_index);
  seek(now);
  if (playing) play(clock_.speed_index);
}

bool ClockController::advance(double dt_real_s) {
  if (mode_ == ClockMode::kStopped || !std::isfinite(dt_real_s) || dt_real_s <= 0.0) return false;
  if (mode_ == ClockMode::kPlaying) {
    set_now(time::add_seconds(clock_.now, dt_real_s * rate_s_per_s()));
    return true;
  }
  const double len = time::seconds_between(span_.from, span_.until);
  double at = time::seconds_between(span_.from, clock_.now) + dt_real_s * len / span_.real_s;
  if (at >= len) {
    if (span_.loop) {
      at = std::fmod(at, len);
    } else {
      at = len;
      mode_ = ClockMode::kStopped;
    }
  }
  set_now(time::add_seconds(span_.from, std::max(at, 0.0)));
  return true;
}

}  // namespace ce8::scenario

// The one owner of the explorer's simulation clock. Every change goes through it: the Sky
// panel's slider and buttons, "Now", drive playback, tours, shared links and page commands. It
// offers seek, play at a speed, and follow a span of simulated time over a span of real time
// (drive playback is such a span, in its own mode). The app advances it once per frame, before
// the UI; `revision()` changes whenever `now` does, so whatever depends on the time (the Sun and
// the Earth) is computed once per frame, after input and UI, only when it moved.
#pragma once

#include <cstdint>
#include <string_view>

#include "engine/core/result.hpp"
#include "engine/scenario/clock.hpp"
#include "engine/time/time.hpp"

namespace ce8::scenario {

enum class ClockMode {
  kStopped,  // `now` stays
  kPlaying,  // `now` runs at the speed
  kSpan,     // `now` follows [from, until] over a fixed real time (tours), optionally looping
  kDrive,    // the same for a rover drive's timeline (the Traverse panel's playback)
};
const char* clock_mode_name(ClockMode mode);  // "stopped", "playing", "span", "drive"

struct ClockSpan {
  time::Instant from, until;
  double real_s = 10.0;  // wall seconds for the whole span
  bool loop = false;     // start again at `from` at the end (else stop there)
};

class ClockController {
 public:
  ClockController() : clock_(make_default_clock()) {}
  explicit ClockController(SimClock clock) : clock_(clock) {}

  const SimClock& clock() const { return clock_; }
  const time::Instant& now() const { return clock_.now; }
  double now_tt_s() const { return clock_.now.tt_seconds_since_j2000(); }
  ClockMode mode() const { return mode_; }
  bool playing() const { return mode_ != ClockMode::kStopped; }
  const ClockSpan& span() const { return span_; }
  // Simulated seconds per real second in the current mode (0 when stopped).
  double rate_s_per_s() const;
  // Incremented on every change of `now`.
  std::uint64_t revision() const { return revision_; }

  // Moves the clock to `t` and stops it (any play, span or drive ends).
  void seek(const time::Instant& t);
  // As seek, from ISO 8601 UTC text; on bad text the clock stays and the error comes back.
  Status seek_iso8601_utc(std::string_view text);
  // As seek, to a fraction (0..1) of the slider window.
  void seek_window_fraction(double fraction);
  // Runs at kClockSpeeds[speed_index] (the Sky panel's speeds).
  void play(int speed_index);
  // Runs at any positive speed (simulated seconds per real second); refused when not positive.
  Status play_at(double sim_s_per_real_s);
  void pause();
  void set_speed_index(int speed_index);  // keeps playing or not
  // Follows a span: `now` goes from span.from to span.until linearly over span.real_s seconds.
  // Refused when until is not after from or real_s is not positive.
  Status follow_span(const ClockSpan& span);
  // Drive playback: the span of a drive, started from `now` when it lies inside, else from the
  // drive's start; stops at its end.
  Status follow_drive(const time::Instant& from, const time::Instant& until, double real_s);
  // Where `now` lies in the followed span, 0..1 (0 when not following one).
  double span_fraction() const;
  // Sets the slider window (scenarios).
  void set_window(const time::Instant& start, const time::Instant& end);
  // Restores a saved state (scenarios, sessions): instant, speed, playing or not.
  void restore(const time::Instant& now, int speed_index, bool playing);

  // One frame of dt_real_s wall seconds. True when `now` moved.
  bool advance(double dt_real_s);

 private:
  void set_now(const time::Instant& t);
  SimClock clock_;
  ClockMode mode_ = ClockMode::kStopped;
  double custom_speed_ = 0.0;  // > 0: play_at's speed instead of the indexed one
  ClockSpan span_;
  std::uint64_t revision_ = 0;
};

}  // namespace ce8::scenario

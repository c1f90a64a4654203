#include "engine/jobs/task.hpp"

#include <algorithm>

#include "engine/jobs/jobs.hpp"

namespace ce8::jobs {

void SliceClock::begin_slice(double budget_s, std::uint64_t max_units, bool bounded) {
  const double now = monotonic_seconds();
  bounded_ = bounded;
  in_slice_ = true;
  pause_requested_ = false;
  slice_start_s_ = now;
  deadline_s_ = now + std::max(0.0, budget_s);
  max_units_ = max_units;
  units_in_slice_ = 0;
  since_check_ = 0;
}

void SliceClock::end_slice() {
  const double took = monotonic_seconds() - slice_start_s_;
  work_before_s_ += took;
  in_slice_ = false;
  bounded_ = false;
  ++slices_;
  max_units_in_slice_ = std::max(max_units_in_slice_, units_in_slice_);
  max_slice_s_ = std::max(max_slice_s_, took);
}

bool SliceClock::spent(std::uint64_t units) {
  units_ += units;
  max_charge_ = std::max(max_charge_, units);
  units_in_slice_ += units;
  if (!bounded_) return false;
  if (max_units_ != 0) return units_in_slice_ >= max_units_;
  since_check_ += units;
  if (since_check_ < kCheckUnits) return false;
  since_check_ = 0;
  return monotonic_seconds() >= deadline_s_;
}

double SliceClock::work_s() const {
  return work_before_s_ + (in_slice_ ? monotonic_seconds() - slice_start_s_ : 0.0);
}

double SliceClock::slice_left_s() const {
  if (!bounded_) return 1e9;
  return std::max(0.0, deadline_s_ - monotonic_seconds());
}

bool SliceClock::used_more_than(double fraction) const {
  if (!bounded_ || max_units_ != 0) return false;
  const double budget = deadline_s_ - slice_start_s_;
  return monotonic_seconds() - slice_start_s_ > fraction * budget;
}

double work_seconds(const SliceClock* clock) {
  return clock ? clock->work_s() : monotonic_seconds();
}

}  // namespace ce8::jobs

// Sliced jobs advance between frames too (BackgroundJob::pump_one_slice, used by the browser's
// single-threaded build): the pump takes every live sliced job in turn, finishes them with the
// same result as the owner's own polls, and leaves thread jobs and finished jobs alone.
#include <gtest/gtest.h>

#include <memory>

#include "engine/jobs/background.hpp"

namespace {

using namespace ce8;
using jobs::BackgroundJob;
using jobs::JobState;

// Counts to `n`, one item per step.
class CountJob final : public jobs::SteppedJob {
 public:
  explicit CountJob(int n) : n_(n) {}
  JobState step(double) override {
    if (state_ == JobState::kRunning) {
      if (cancel_)
        state_ = JobState::kCancelled;
      else if (++done_ >= n_)
        state_ = JobState::kDone;
    }
    return state_;
  }
  double progress() const override { return static_cast<double>(done_) / n_; }
  JobState state() const override { return state_; }
  void cancel() override { cancel_ = true; }
  JobState run(int) override {
    while (step(1.0) == JobState::kRunning) {
    }
    return state_;
  }
  int done() const { return done_; }

 private:
  int n_;
  int done_ = 0;
  bool cancel_ = false;
  JobState state_ = JobState::kRunning;
};

TEST(JobsPump, AdvancesEverySlicedJobInTurnToTheEnd) {
  EXPECT_FALSE(BackgroundJob::pump_one_slice());  // nothing to do
  BackgroundJob a(std::make_unique<CountJob>(3), BackgroundJob::Mode::kSlices, 1);
  BackgroundJob b(std::make_unique<CountJob>(5), BackgroundJob::Mode::kSlices, 1);
  EXPECT_TRUE(BackgroundJob::pump_one_slice());
  EXPECT_TRUE(BackgroundJob::pump_one_slice());
  // One slice each, in turn (round robin), not two for the first.
  EXPECT_EQ(a.as<CountJob>().done(), 1);
  EXPECT_EQ(b.as<CountJob>().done(), 1);
  int pumps = 2;
  while (BackgroundJob::pump_one_slice()) ++pumps;
  EXPECT_EQ(pumps + 1, 3 + 5);              // the last pump finished the last job and said so
  EXPECT_EQ(a.poll(0.0), JobState::kDone);  // the owner sees the end as usual
  EXPECT_EQ(b.poll(0.0), JobState::kDone);
  EXPECT_EQ(a.as<CountJob>().done(), 3);  // and no step ran after it
  EXPECT_FALSE(BackgroundJob::pump_one_slice());
}

TEST(JobsPump, ForgetsDestroyedJobsAndLeavesCancelledOnesEnded) {
  {
    BackgroundJob gone(std::make_unique<CountJob>(100), BackgroundJob::Mode::kSlices, 1);
    EXPECT_TRUE(BackgroundJob::pump_one_slice());
  }
  EXPECT_FALSE(BackgroundJob::pump_one_slice());  // the destroyed job is not touched
  BackgroundJob c(std::make_unique<CountJob>(100), BackgroundJob::Mode::kSlices, 1);
  c.cancel();
  BackgroundJob::pump_one_slice();  // its step sees the cancel
  EXPECT_EQ(c.poll(0.0), JobState::kCancelled);
  EXPECT_FALSE(BackgroundJob::pump_one_slice());
}

}  // namespace

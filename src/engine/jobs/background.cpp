#include "engine/jobs/background.hpp"

#include <algorithm>
#include <mutex>
#include <vector>

namespace ce8::jobs {

namespace {
// Every live kSlices job, for pump_one_slice().
std::mutex g_sliced_mutex;
std::vector<BackgroundJob*> g_sliced;
std::size_t g_next_sliced = 0;
}  // namespace

BackgroundJob::Mode BackgroundJob::default_mode() {
  return threads_available() ? Mode::kThread : Mode::kSlices;
}

int BackgroundJob::default_threads() {
  int n = hardware_threads();
#ifdef CE8_MAX_JOB_THREADS
  n = std::min(n, CE8_MAX_JOB_THREADS);
#endif
  return std::max(1, n);
}

int BackgroundJob::max_threads() {
  if (!threads_available()) return 1;
#ifdef CE8_MAX_JOB_THREADS
  return CE8_MAX_JOB_THREADS;
#else
  return kMaxJobThreads;
#endif
}

BackgroundJob::BackgroundJob(std::unique_ptr<SteppedJob> job, Mode mode, int threads)
    : job_(std::move(job)), mode_(mode), threads_(std::max(1, threads)) {
  if (mode_ == Mode::kThread && !threads_available()) mode_ = Mode::kSlices;
  if (mode_ == Mode::kSlices) {
    threads_ = 1;
    const std::lock_guard lock(g_sliced_mutex);
    g_sliced.push_back(this);
  }
#if CE8_THREADS
  if (mode_ == Mode::kThread) {
    thread_ = std::thread([this] {
      const double t0 = monotonic_seconds();
      const JobState end = job_->run(threads_);
      thread_run_s_ = monotonic_seconds() - t0;
      thread_state_.store(end, std::memory_order_release);
      finished_.store(true, std::memory_order_release);
    });
  }
#endif
}

BackgroundJob::~BackgroundJob() {
  if (mode_ == Mode::kSlices) {
    const std::lock_guard lock(g_sliced_mutex);
    std::erase(g_sliced, this);
  }
  job_->cancel();
  if (thread_.joinable()) thread_.join();
}

void BackgroundJob::cancel() {
  cancelled_ = true;
  job_->cancel();
}

JobState BackgroundJob::poll(double budget_s) {
  if (state_ != JobState::kRunning) return state_;
  if (mode_ == Mode::kThread) {
    if (!finished_.load(std::memory_order_acquire)) return JobState::kRunning;
    if (thread_.joinable()) thread_.join();
    state_ = thread_state_.load(std::memory_order_acquire);
  } else {
    const double t0 = monotonic_seconds();
    state_ = job_->step(std::clamp(budget_s, 0.0, kMaxSliceS));
    main_thread_s_ += monotonic_seconds() - t0;
  }
  if (cancelled_ && state_ == JobState::kDone) state_ = JobState::kCancelled;
  return state_;
}

bool BackgroundJob::pump_one_slice() {
  BackgroundJob* job = nullptr;
  {
    const std::lock_guard lock(g_sliced_mutex);
    const std::size_t n = g_sliced.size();
    for (std::size_t i = 0; i < n && !job; ++i) {
      BackgroundJob* candidate = g_sliced[(g_next_sliced + i) % n];
      if (candidate->state_ != JobState::kRunning) continue;
      job = candidate;
      g_next_sliced = (g_next_sliced + i + 1) % n;
    }
  }
  if (!job) return false;
  job->poll(kMaxSliceS);
  const std::lock_guard lock(g_sliced_mutex);
  return std::any_of(g_sliced.begin(), g_sliced.end(),
                     [](const BackgroundJob* j) { return j->state_ == JobState::kRunning; });
}

}  // namespace ce8::jobs

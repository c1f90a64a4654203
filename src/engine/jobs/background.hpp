// The one way the explorer runs long work (terrain builds, horizon and illumination maps,
// traverse plans, tile builds): a jobs::SteppedJob handed to a BackgroundJob. Where threads exist
// (natively, and in the pthread WebAssembly variant) the job runs to the end on a thread of its
// own (SteppedJob::run(threads)); without them (the single-threaded WebAssembly build) the
// owner's frame loop calls poll(budget) and the job advances in slices of at most
// kMaxSliceS. Either way the owner reads progress() and may cancel() at any time, and poll()
// says when the job left kRunning; only then may it read the job's result.
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <thread>

#include "engine/jobs/jobs.hpp"

namespace ce8::jobs {

// A slice never asks for more than this (the browser's frame budget).
inline constexpr double kMaxSliceS = 0.016;
// Natively: the most threads one job may be asked for (run(threads) splits its rows among them).
inline constexpr int kMaxJobThreads = 64;

class BackgroundJob {
 public:
  enum class Mode { kThread, kSlices };
  // kThread where threads are available, else kSlices.
  static Mode default_mode();
  // Threads for one job: hardware_threads(), capped by CE8_MAX_JOB_THREADS where the build sets
  // it (the pthread WebAssembly variant, whose worker pool is fixed at start-up).
  static int default_threads();
  // The most threads one job may be given: 1 without threads (the single-threaded WebAssembly
  // build), CE8_MAX_JOB_THREADS where the build sets it, else kMaxJobThreads.
  static int max_threads();

  // Takes the job and starts it: kThread starts its thread now, kSlices waits for poll().
  BackgroundJob(std::unique_ptr<SteppedJob> job, Mode mode, int threads);
  explicit BackgroundJob(std::unique_ptr<SteppedJob> job)
      : BackgroundJob(std::move(job), default_mode(), default_threads()) {}
  // Cancels and waits for the thread (the job may hold references its owner is about to drop).
  ~BackgroundJob();
  BackgroundJob(const BackgroundJob&) = delete;
  BackgroundJob& operator=(const BackgroundJob&) = delete;

  // From the owner's thread, once per frame: a slice of at most min(budget_s, kMaxSliceS)
  // (kSlices), or a look at the thread (kThread, joined once it ended). kRunning until the job
  // ended; then its final state (kDone, kCancelled or kFailed).
  JobState poll(double budget_s);
  // Between frames: one slice of at most kMaxSliceS for the next running sliced job (round
  // robin over every live kSlices job). Returns whether any sliced job is still running. The
  // browser's single-threaded build calls it from short tasks of their own while the frame
  // loop waits for the GPU, so sliced work is not limited to one slice per frame; owners still
  // poll() and read results as before. Call it from the thread that owns the sliced jobs.
  static bool pump_one_slice();
  // 0..1, from any thread.
  double progress() const { return job_->progress(); }
  // Asks the job to stop at its next work item; poll() then reports kCancelled.
  void cancel();
  Mode mode() const { return mode_; }
  int threads() const { return threads_; }
  // Seconds the owner's thread spent inside poll() slices (0 for kThread).
  double main_thread_s() const { return main_thread_s_; }
  // Seconds the job itself took: its thread's run(threads) from start to end (kThread), or the
  // sum of its slices (kSlices). Read it after poll() returned something other than kRunning.
  double work_s() const { return mode_ == Mode::kThread ? thread_run_s_ : main_thread_s_; }
  // The job itself, for its result: only after poll() returned something other than kRunning.
  SteppedJob& job() { return *job_; }
  template <class T>
  T& as() {
    return static_cast<T&>(*job_);
  }

 private:
  std::unique_ptr<SteppedJob> job_;
  Mode mode_;
  int threads_;
  std::thread thread_;
  std::atomic<bool> finished_{false};
  std::atomic<JobState> thread_state_{JobState::kRunning};
  JobState state_ = JobState::kRunning;
  bool cancelled_ = false;
  double main_thread_s_ = 0.0;
  double thread_run_s_ = 0.0;  // written by the thread before finished_ (release)
};

}  // namespace ce8::jobs

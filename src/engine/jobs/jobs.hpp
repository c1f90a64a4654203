// Background work with progress and cancel, usable the same way natively and in WebAssembly.
//
// Two ways to drive a job (the engine's long computations implement both):
//  * threads: parallel_for() spreads independent work items over `threads` threads (the calling
//    thread included). In a build without thread support (CMake sets CE8_THREADS=0 for the
//    single-threaded WebAssembly build) it runs inline on the caller.
//  * slices: a SteppedJob does a bounded amount of work per step(budget_s) call and keeps its
//    state between calls, so a browser frame loop can call step(0.008) once per frame and draw a
//    progress bar from progress() without ever blocking the page.
// Progress is 0..1; cancel() is honoured between work items / slices (a cancelled job leaves
// its partial result unusable: check state()).
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>

namespace ce8::jobs {

// True when this build can start std::threads (natively; not in the single-threaded wasm build).
bool threads_available();
// Threads worth using: std::thread::hardware_concurrency() (at least 1), or 1 without threads.
int hardware_threads();

// A cancel request shared between the caller (UI button) and the workers.
class CancelFlag {
 public:
  void cancel() { flag_.store(true, std::memory_order_relaxed); }
  bool cancelled() const { return flag_.load(std::memory_order_relaxed); }
  void reset() { flag_.store(false, std::memory_order_relaxed); }

 private:
  std::atomic<bool> flag_{false};
};

// Work done out of a known total, readable from any thread while workers add to it.
class ProgressCounter {
 public:
  void set_total(std::uint64_t total) { total_.store(total, std::memory_order_relaxed); }
  void add(std::uint64_t done) { done_.fetch_add(done, std::memory_order_relaxed); }
  void reset() { done_.store(0, std::memory_order_relaxed); }
  std::uint64_t done() const { return done_.load(std::memory_order_relaxed); }
  std::uint64_t total() const { return total_.load(std::memory_order_relaxed); }
  // 0..1 (1 when the total is 0).
  double fraction() const {
    const std::uint64_t t = total();
    if (t == 0) return 1.0;
    const double f = static_cast<double>(done()) / static_cast<double>(t);
    return f < 1.0 ? f : 1.0;
  }

 private:
  std::atomic<std::uint64_t> done_{0};
  std::atomic<std::uint64_t> total_{0};
};

// Calls fn(i) for every i in [0, n) on up to `threads` threads (the caller's thread is one of
// them; threads <= 1, n <= 1 or no thread support: inline, in order). Items are handed out one
// at a time, so uneven items balance. Once `cancel` (may be null) is set, no new item starts.
// Returns false when cancelled before every item ran. fn must not throw.
bool parallel_for(std::size_t n, int threads, const std::function<void(std::size_t)>& fn,
                  const CancelFlag* cancel = nullptr);

enum class JobState { kRunning, kDone, kCancelled, kFailed };

// A computation that can be advanced in slices (one per frame) from a single thread.
class SteppedJob {
 public:
  virtual ~SteppedJob() = default;
  // Works for about `budget_s` seconds (at least one small work item) and returns the state.
  virtual JobState step(double budget_s) = 0;
  // 0..1.
  virtual double progress() const = 0;
  virtual JobState state() const = 0;
  // Stops at the next item; state() becomes kCancelled.
  virtual void cancel() = 0;
  // Runs to the end on `threads` threads (blocking), e.g. from a background std::thread or the
  // CLI. Inline where threads are unavailable.
  virtual JobState run(int threads) = 0;
};

// Seconds on a monotonic clock (for slice budgets).
double monotonic_seconds();

}  // namespace ce8::jobs

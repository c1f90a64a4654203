// Resumable computations for SteppedJobs whose work is a deep call tree (the traverse planners:
// a plan runs a cost map, A* searches, a drive simulation, a later-start search ...). Each such
// function is a coroutine returning jobs::Task<T>; it calls the next level with
// `co_await sub(...)` and, inside its loops, reports the work it did to a SliceClock:
//
//   if (clock.spent(1)) co_await clock.pause();
//
// A TaskRunner drives the tree: advance(budget_s) runs it until the clock says the slice is spent
// (then every frame of the call tree keeps its state, the open sets and partial tables included,
// until the next advance) or the work is done. Run unsliced (run_to_end) the same code never
// pauses, so sliced and unsliced runs compute the same result, bit for bit.
//
// The runner keeps the chain of suspended calls on an explicit stack and resumes one frame at a
// time (no symmetric transfer: WebAssembly has no tail calls), so the native stack stays flat.
#pragma once

#if __has_include(<coroutine>)
#include <coroutine>
#else
#include <experimental/coroutine>
#endif
#include <cstdint>
#include <exception>
#include <optional>
#include <utility>
#include <vector>

namespace ce8::jobs {

#if __has_include(<coroutine>)
namespace coro = std;
#else
namespace coro = std::experimental;  // clang 14's libc++ (Debian's Emscripten)
#endif

// Work accounting for one sliced computation. Units are small work items of roughly equal cost
// (an A* expansion, a drive simulation step, a cost-map cell ...), charged by the code that
// does them; between slices the clock is unbounded (run_to_end: never asks to pause).
class SliceClock {
 public:
  // Charges `units` of work just done; true when the current slice is spent (its time budget
  // passed, or its unit limit reached). The time is read every kCheckUnits units.
  bool spent(std::uint64_t units = 1);
  // What a coroutine awaits to end the slice (only after spent() returned true).
  struct Pause {
    SliceClock* clock;
    bool await_ready() const noexcept { return false; }
    void await_suspend(coro::coroutine_handle<>) noexcept { clock->pause_requested_ = true; }
    void await_resume() const noexcept {}
  };
  Pause pause() { return Pause{this}; }

  // Seconds of work done so far: the time inside slices (sliced) or since the first slice
  // (unsliced). Planning budgets read this, so that a sliced plan is not charged the frames
  // drawn between its slices.
  double work_s() const;
  // Seconds left in the current slice (a large number when unbounded).
  double slice_left_s() const;
  // True when a bounded slice has used more than `fraction` of its time: callers about to start
  // one item that is large next to a slice (a ray-marched horizon, about 10 ms in WebAssembly)
  // pause first unless the slice is still young.
  bool used_more_than(double fraction) const;
  bool bounded() const { return bounded_; }

  // Statistics over all slices so far.
  std::uint64_t slices() const { return slices_; }
  std::uint64_t units() const { return units_; }
  std::uint64_t max_units_in_slice() const { return max_units_in_slice_; }
  // The largest single charge (a slice with a unit limit L does at most L - 1 + this).
  std::uint64_t max_charge() const { return max_charge_; }
  double max_slice_s() const { return max_slice_s_; }

  static constexpr std::uint64_t kCheckUnits = 32;

 private:
  template <class T>
  friend class TaskRunner;
  void begin_slice(double budget_s, std::uint64_t max_units, bool bounded);
  void end_slice();

  bool bounded_ = false;
  bool pause_requested_ = false;
  bool in_slice_ = false;
  double slice_start_s_ = 0.0, deadline_s_ = 0.0, work_before_s_ = 0.0;
  std::uint64_t max_units_ = 0;  // 0: time only
  std::uint64_t units_ = 0, units_in_slice_ = 0, since_check_ = 0;
  std::uint64_t slices_ = 0, max_units_in_slice_ = 0, max_charge_ = 0;
  double max_slice_s_ = 0.0;
};

// clock->work_s(), or the monotonic clock where there is no SliceClock (for elapsed-time budgets).
double work_seconds(const SliceClock* clock);

// The chain of suspended coroutines a TaskRunner resumes (innermost last).
struct TaskStack {
  std::vector<coro::coroutine_handle<>> frames;
};

// A lazily started coroutine that produces a T; awaited by another Task, or run by TaskRunner.
template <class T>
class [[nodiscard]] Task {
 public:
  struct promise_type {
    std::optional<T> value;
    TaskStack* stack = nullptr;
    Task get_return_object() { return Task(Handle::from_promise(*this)); }
    coro::suspend_always initial_suspend() noexcept { return {}; }
    coro::suspend_always final_suspend() noexcept { return {}; }
    template <class U>
    void return_value(U&& v) {
      value.emplace(std::forward<U>(v));
    }
    void unhandled_exception() { std::terminate(); }
  };
  using Handle = coro::coroutine_handle<promise_type>;

  Task(Task&& o) noexcept : h_(std::exchange(o.h_, {})) {}
  Task& operator=(Task&&) = delete;
  Task(const Task&) = delete;
  ~Task() {
    if (h_) h_.destroy();
  }

  // Awaited from another Task: the runner resumes this one next, then the caller again.
  bool await_ready() const noexcept { return false; }
  template <class P>
  void await_suspend(coro::coroutine_handle<P> caller) noexcept {
    h_.promise().stack = caller.promise().stack;
    h_.promise().stack->frames.push_back(h_);
  }
  T await_resume() { return std::move(*h_.promise().value); }

  Handle handle() const { return h_; }

 private:
  explicit Task(Handle h) : h_(h) {}
  Handle h_;
};

// Drives one Task to its end, in slices or at once.
template <class T>
class TaskRunner {
 public:
  TaskRunner(Task<T> task, SliceClock& clock) : task_(std::move(task)), clock_(clock) {
    task_.handle().promise().stack = &stack_;
    stack_.frames.push_back(task_.handle());
  }
  // Works until the slice is spent (at most `budget_s` seconds past the last charged unit, or
  // `max_units` units when non-zero) or the task ended; true once it ended.
  bool advance(double budget_s, std::uint64_t max_units = 0) {
    return drive(budget_s, max_units, true);
  }
  // Everything that is left, without pausing.
  void finish() { drive(0.0, 0, false); }
  bool done() const { return stack_.frames.empty(); }
  // After done(): the result.
  T& result() { return *task_.handle().promise().value; }

 private:
  bool drive(double budget_s, std::uint64_t max_units, bool bounded) {
    if (done()) return true;
    clock_.begin_slice(budget_s, max_units, bounded);
    while (!stack_.frames.empty()) {
      coro::coroutine_handle<> h = stack_.frames.back();
      h.resume();
      if (clock_.pause_requested_) {
        clock_.pause_requested_ = false;
        break;
      }
      if (h.done()) stack_.frames.pop_back();
    }
    clock_.end_slice();
    return done();
  }

  Task<T> task_;
  SliceClock& clock_;
  TaskStack stack_;
};

// The task's result, computed at once (the CLI, worker threads, tests).
template <class T>
T run_to_end(Task<T> task) {
  SliceClock clock;
  TaskRunner<T> runner(std::move(task), clock);
  runner.finish();
  return std::move(runner.result());
}

}  // namespace ce8::jobs

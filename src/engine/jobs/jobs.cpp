#include "engine/jobs/jobs.hpp"

#include <chrono>
#include <thread>
#include <vector>

namespace ce8::jobs {

bool threads_available() {
#if CE8_THREADS
  return true;
#else
  return false;
#endif
}

int hardware_threads() {
  if (!threads_available()) return 1;
  const unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : static_cast<int>(n);
}

double monotonic_seconds() {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}

bool parallel_for(std::size_t n, int threads, const std::function<void(std::size_t)>& fn,
                  const CancelFlag* cancel) {
  auto stopped = [cancel] { return cancel != nullptr && cancel->cancelled(); };
  if (threads > static_cast<int>(n)) threads = static_cast<int>(n);
  if (threads <= 1 || !threads_available()) {
    for (std::size_t i = 0; i < n; ++i) {
      if (stopped()) return false;
      fn(i);
    }
    return true;
  }
#if CE8_THREADS
  std::atomic<std::size_t> next{0};
  std::atomic<bool> was_cancelled{false};
  auto worker = [&] {
    for (;;) {
      if (stopped()) {
        was_cancelled.store(true);
        return;
      }
      const std::size_t i = next.fetch_add(1);
      if (i >= n) return;
      fn(i);
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(static_cast<std::size_t>(threads - 1));
  for (int t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& th : pool) th.join();
  return !was_cancelled.load();
#else
  return true;
#endif
}

}  // namespace ce8::jobs

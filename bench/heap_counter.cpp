#include "heap_counter.hpp"

#include <atomic>
#include <cstdlib>
#include <new>

namespace {

std::atomic<std::size_t> g_current{0};
std::atomic<std::size_t> g_peak{0};
std::atomic<std::size_t> g_baseline{0};

// Each block carries its size in front, so unsized deletes can be counted too.
struct alignas(alignof(std::max_align_t)) Header {
  std::size_t size;
};

void* counted_alloc(std::size_t n) {
  auto* h = static_cast<Header*>(std::malloc(n + sizeof(Header)));
  if (!h) throw std::bad_alloc();
  h->size = n;
  const std::size_t now = g_current.fetch_add(n) + n;
  std::size_t peak = g_peak.load();
  while (now > peak && !g_peak.compare_exchange_weak(peak, now)) {
  }
  return h + 1;
}

void counted_free(void* p) noexcept {
  if (!p) return;
  Header* h = static_cast<Header*>(p) - 1;
  g_current.fetch_sub(h->size);
  std::free(h);
}

}  // namespace

void* operator new(std::size_t n) { return counted_alloc(n); }
void* operator new[](std::size_t n) { return counted_alloc(n); }
void operator delete(void* p) noexcept { counted_free(p); }
void operator delete[](void* p) noexcept { counted_free(p); }
void operator delete(void* p, std::size_t) noexcept { counted_free(p); }
void operator delete[](void* p, std::size_t) noexcept { counted_free(p); }

namespace ce8::bench {

void reset_peak_heap() {
  g_baseline = g_current.load();
  g_peak = g_current.load();
}

std::size_t peak_heap_bytes_since_reset() { return g_peak.load() - g_baseline.load(); }

}  // namespace ce8::bench

#include "engine/core/big_buffer.hpp"

#include <cstdint>
#include <cstdlib>

#ifdef __linux__
#include <sys/mman.h>
#endif

namespace ce8::detail {

namespace {
constexpr std::size_t kBig = std::size_t{4} << 20;  // from 4 MiB up: mapped directly (Linux)
constexpr std::size_t kPage = std::size_t{4} << 10;
constexpr std::size_t kHuge = std::size_t{2} << 20;  // a transparent huge page (x86-64, arm64)
std::size_t rounded(std::size_t bytes) { return (bytes + kPage - 1) / kPage * kPage; }
}  // namespace

void* big_buffer_allocate(std::size_t bytes) {
  if (bytes == 0) bytes = 1;
#ifdef __linux__
  if (bytes >= kBig) {
    // Mapped directly (zeroed by the kernel) on a 2 MiB boundary, in transparent huge pages
    // where the system allows them, and populated in one call: the page tables are filled in
    // bulk instead of one fault per page later (in a virtual machine each is expensive), and
    // code that strides across rows (the horizon sweep's diagonal lines) touches a new 2 MiB
    // page where it touched a new 4 KiB one, which the TLB covers.
    const std::size_t size = rounded(bytes), span = size + kHuge;
    void* m = mmap(nullptr, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED) throw std::bad_alloc();
    char* const raw = static_cast<char*>(m);
    const std::uintptr_t at = (reinterpret_cast<std::uintptr_t>(raw) + kHuge - 1) & ~(kHuge - 1);
    char* const p = raw + (at - reinterpret_cast<std::uintptr_t>(raw));
    if (p > raw) munmap(raw, static_cast<std::size_t>(p - raw));
    if (raw + span > p + size) munmap(p + size, static_cast<std::size_t>(raw + span - (p + size)));
#ifdef MADV_HUGEPAGE
    madvise(p, size, MADV_HUGEPAGE);  // advice: ignored where huge pages are off
#endif
#ifdef MADV_POPULATE_WRITE
    madvise(p, size, MADV_POPULATE_WRITE);  // (before Linux 5.14: pages fault in on first use)
#endif
    return p;
  }
#endif
  void* p = std::calloc(bytes, 1);
  if (!p) throw std::bad_alloc();
  return p;
}

void big_buffer_free(void* p, std::size_t bytes) noexcept {
  if (!p) return;
  if (bytes == 0) bytes = 1;
#ifdef __linux__
  if (bytes >= kBig) {
    munmap(p, rounded(bytes));
    return;
  }
#endif
  std::free(p);
}

}  // namespace ce8::detail

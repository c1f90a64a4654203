#include "engine/core/big_buffer.hpp"

#include <cstdlib>

#ifdef __linux__
#include <sys/mman.h>
#endif

namespace ce8::detail {

namespace {
constexpr std::size_t kBig = std::size_t{4} << 20;  // from 4 MiB up: mapped directly (Linux)
constexpr std::size_t kPage = std::size_t{4} << 10;
std::size_t rounded(std::size_t bytes) { return (bytes + kPage - 1) / kPage * kPage; }
}  // namespace

void* big_buffer_allocate(std::size_t bytes) {
  if (bytes == 0) bytes = 1;
#ifdef __linux__
  if (bytes >= kBig) {
    // Mapped and populated in one call (zeroed by the kernel): the page tables are filled in
    // bulk instead of one fault per 4 KiB page later (in a virtual machine each is expensive).
    void* m = mmap(nullptr, rounded(bytes), PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    if (m == MAP_FAILED) throw std::bad_alloc();
    return m;
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

// Large numeric buffers (horizon maps: hundreds of MiB) that the vector does not fill itself:
// storage comes zeroed from the allocator (calloc; on Linux, from 4 MiB up, an anonymous
// mapping populated in one call), and construct() writes nothing. A std::vector zero-fills on
// resize on the allocating thread, and takes a page fault per 4 KiB page: for a
// 1024 x 1024 x 64 horizon map that was a sixth of the computation on these virtual machines.
//
// So a BigVector that grows into fresh storage reads zeros, but one that shrinks and grows
// again within its capacity keeps the old values: resize() only into fresh storage, or write
// before reading.
#pragma once

#include <cstddef>
#include <new>
#include <utility>
#include <vector>

namespace ce8 {

namespace detail {
void* big_buffer_allocate(std::size_t bytes);
void big_buffer_free(void* p, std::size_t bytes) noexcept;
}  // namespace detail

template <class T>
struct ZeroedStorageAllocator {
  using value_type = T;
  ZeroedStorageAllocator() = default;
  template <class U>
  ZeroedStorageAllocator(const ZeroedStorageAllocator<U>&) noexcept {}
  T* allocate(std::size_t n) {
    if (n > static_cast<std::size_t>(-1) / sizeof(T)) throw std::bad_alloc();
    return static_cast<T*>(detail::big_buffer_allocate(n * sizeof(T)));
  }
  void deallocate(T* p, std::size_t n) noexcept { detail::big_buffer_free(p, n * sizeof(T)); }
  // Value-initialisation without arguments becomes default-initialisation (no zero fill).
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    if constexpr (sizeof...(Args) == 0)
      ::new (static_cast<void*>(p)) U;
    else
      ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
  template <class U>
  bool operator==(const ZeroedStorageAllocator<U>&) const noexcept {
    return true;
  }
};

template <class T>
using BigVector = std::vector<T, ZeroedStorageAllocator<T>>;

}  // namespace ce8

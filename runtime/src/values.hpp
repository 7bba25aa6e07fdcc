// Tensor values: a std::vector<double> whose large buffers are cached per
// thread when freed. Whole-tensor code allocates a buffer of the same size
// for every operation and gradient step; without the cache each would be
// fresh pages from the kernel (measured: page faults were 40% of the time).
#pragma once

#include <bit>
#include <cstddef>
#include <new>
#include <utility>
#include <vector>

namespace tape::detail {

class BufferCache {
 public:
  // Small buffers are left to malloc, which handles them well.
  static constexpr std::size_t min_cached_bytes = std::size_t{1} << 16;
  // What one thread keeps cached at most, across sizes.
  static constexpr std::size_t max_cached_bytes = std::size_t{256} << 20;

  static void* take(std::size_t bytes);
  static void give_back(void* p, std::size_t bytes);
  static std::size_t class_bytes(std::size_t bytes) { return std::bit_ceil(bytes); }
};

template <class T>
struct CachingAllocator {
  using value_type = T;
  CachingAllocator() = default;
  template <class U>
  CachingAllocator(const CachingAllocator<U>&) {}

  T* allocate(std::size_t n) { return static_cast<T*>(BufferCache::take(n * sizeof(T))); }
  void deallocate(T* p, std::size_t n) { BufferCache::give_back(p, n * sizeof(T)); }
  // Values(n) leaves the values uninitialised: every kernel writes each one,
  // and zero-filling first cost 13% of whole-tensor code's time.
  template <class U>
  void construct(U* p) noexcept {
    ::new (static_cast<void*>(p)) U;
  }
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
  template <class U>
  bool operator==(const CachingAllocator<U>&) const { return true; }
};

using Values = std::vector<double, CachingAllocator<double>>;

}  // namespace tape::detail

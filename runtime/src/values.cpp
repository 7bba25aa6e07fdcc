#include "values.hpp"

#include <array>
#include <cstdlib>

#include "thread_cache.hpp"

namespace tape::detail {

namespace {

struct ThreadCache {
  static constexpr int classes = 48;
  std::array<std::vector<void*>, classes> free;
  std::size_t cached_bytes = 0;
  ~ThreadCache() {
    for (auto& list : free)
      for (void* p : list) ::operator delete(p);
  }
};

int class_index(std::size_t class_bytes) { return std::countr_zero(class_bytes); }

}  // namespace

void* BufferCache::take(std::size_t bytes) {
  if (bytes < min_cached_bytes) return ::operator new(bytes);
  const std::size_t size = class_bytes(bytes);
  ThreadCache* c = thread_cache<ThreadCache>();
  if (!c) return ::operator new(size);
  auto& list = c->free[class_index(size)];
  if (list.empty()) return ::operator new(size);
  void* p = list.back();
  list.pop_back();
  c->cached_bytes -= size;
  return p;
}

void BufferCache::give_back(void* p, std::size_t bytes) {
  if (bytes < min_cached_bytes) {
    ::operator delete(p);
    return;
  }
  ThreadCache* c = thread_cache<ThreadCache>();
  const std::size_t size = class_bytes(bytes);
  if (c && c->cached_bytes + size <= max_cached_bytes) {
    c->free[class_index(size)].push_back(p);
    c->cached_bytes += size;
  } else {
    ::operator delete(p);
  }
}

}  // namespace tape::detail

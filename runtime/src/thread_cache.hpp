// A per-thread cache of freed memory that can be asked for after the thread's
// thread_local objects are gone: a global tensor or tape destroyed at exit
// gives its memory back after the main thread's caches were destroyed. Then
// there is no cache, and the caller frees the memory itself.
#pragma once

namespace tape::detail {

template <class Cache>
Cache* thread_cache() {
  struct Holder {
    Cache cache;
    bool* gone;
    ~Holder() { *gone = true; }
  };
  // Trivially destructible: readable until the thread ends.
  thread_local bool gone = false;
  if (gone) return nullptr;
  thread_local Holder holder{Cache{}, &gone};
  return &holder.cache;
}

}  // namespace tape::detail

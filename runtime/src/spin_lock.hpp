// A one-byte lock for the many small objects that threads almost never
// contend for (a variable's links): a std::mutex there would be 40 bytes and
// a library call per acquisition on the scalar hot path.
#pragma once

#include <atomic>
#include <thread>

namespace tape::detail {

class SpinLock {
 public:
  void lock() {
    while (held_.test_and_set(std::memory_order_acquire)) std::this_thread::yield();
  }
  void unlock() { held_.clear(std::memory_order_release); }

 private:
  std::atomic_flag held_;
};

}  // namespace tape::detail

// Storage for a tape's entries: fixed blocks that never move, so appending
// never copies the recording, and blocks a freed recording leaves behind are
// reused by the next one on the same thread (a training loop makes a tape per
// step; the memory stays warm).
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

#include "thread_cache.hpp"

namespace tape::detail {

template <class T>
class BlockStore {
 public:
  static constexpr std::size_t block_bits = 14;
  static constexpr std::size_t block_size = std::size_t{1} << block_bits;

  BlockStore() = default;
  BlockStore(const BlockStore&) = delete;
  BlockStore& operator=(const BlockStore&) = delete;
  ~BlockStore() { clear(); }

  std::size_t size() const {
    return blocks_.empty() ? 0
                           : (blocks_.size() - 1) * block_size +
                                 static_cast<std::size_t>(next_ - blocks_.back().get());
  }
  const T& operator[](std::size_t i) const {
    return blocks_[i >> block_bits][i & (block_size - 1)];
  }

  // Read the values from position `at` on (forward), or from the one before
  // `at` down (backward), a block at a time: the walks of a backward pass.
  class ForwardReader {
   public:
    ForwardReader(const BlockStore& s, std::size_t at) : s_(s), block_(at >> block_bits) {
      if ((at & (block_size - 1)) == 0) return;  // next() opens the block
      end_ = s.blocks_[block_].get() + block_size;
      p_ = end_ - block_size + (at & (block_size - 1));
      ++block_;
    }
    T next() {
      if (p_ == end_) {
        p_ = s_.blocks_[block_++].get();
        end_ = p_ + block_size;
      }
      return *p_++;
    }

   private:
    const BlockStore& s_;
    std::size_t block_;
    const T* p_ = nullptr;
    const T* end_ = nullptr;
  };
  class BackwardReader {
   public:
    BackwardReader(const BlockStore& s, std::size_t at) : s_(s) {
      if (at == 0) return;
      block_ = (at - 1) >> block_bits;
      begin_ = s.blocks_[block_].get();
      p_ = begin_ + ((at - 1) & (block_size - 1)) + 1;
    }
    T next() {
      if (p_ == begin_) {
        begin_ = s_.blocks_[--block_].get();
        p_ = begin_ + block_size;
      }
      return *--p_;
    }

   private:
    const BlockStore& s_;
    std::size_t block_ = 0;
    const T* begin_ = nullptr;
    const T* p_ = nullptr;
  };

  void push_back(const T& value) {
    if (next_ == block_end_) [[unlikely]]
      start_block();
    *next_++ = value;
  }

  void clear() {
    for (auto& b : blocks_) give_back(std::move(b));
    blocks_.clear();
    next_ = block_end_ = nullptr;
  }

 private:
  using Block = std::unique_ptr<T[]>;
  static constexpr std::size_t pooled_blocks = 64;
  using Pool = std::vector<Block>;

  static Block take_block() {
    Pool* p = thread_cache<Pool>();
    if (!p || p->empty()) return Block(new T[block_size]);
    Block b = std::move(p->back());
    p->pop_back();
    return b;
  }
  static void give_back(Block b) {
    Pool* p = thread_cache<Pool>();
    if (p && p->size() < pooled_blocks) p->push_back(std::move(b));
  }

  void start_block() {
    blocks_.push_back(take_block());
    next_ = blocks_.back().get();
    block_end_ = next_ + block_size;
  }

  std::vector<Block> blocks_;
  T* next_ = nullptr;  // where the next value goes, in the newest block
  T* block_end_ = nullptr;
};

}  // namespace tape::detail

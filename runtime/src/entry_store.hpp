// Storage for a tape's entries: fixed blocks that never move, so appending
// never copies the recording, and blocks a freed recording leaves behind are
// reused by the next one on the same thread (a training loop makes a tape per
// step; the memory stays warm).
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

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

  std::size_t size() const { return size_; }
  T& operator[](std::size_t i) { return blocks_[i >> block_bits][i & (block_size - 1)]; }
  const T& operator[](std::size_t i) const {
    return blocks_[i >> block_bits][i & (block_size - 1)];
  }

  void push_back(const T& value) {
    if ((size_ & (block_size - 1)) == 0 && (size_ >> block_bits) == blocks_.size())
      blocks_.push_back(take_block());
    (*this)[size_++] = value;
  }

  void clear() {
    for (auto& b : blocks_) give_back(std::move(b));
    blocks_.clear();
    size_ = 0;
  }

 private:
  using Block = std::unique_ptr<T[]>;
  static constexpr std::size_t pooled_blocks = 64;

  static std::vector<Block>& pool() {
    thread_local std::vector<Block> p;
    return p;
  }
  static Block take_block() {
    auto& p = pool();
    if (p.empty()) return Block(new T[block_size]);
    Block b = std::move(p.back());
    p.pop_back();
    return b;
  }
  static void give_back(Block b) {
    if (pool().size() < pooled_blocks) pool().push_back(std::move(b));
  }

  std::vector<Block> blocks_;
  std::size_t size_ = 0;
};

}  // namespace tape::detail

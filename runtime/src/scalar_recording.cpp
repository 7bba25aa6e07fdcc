#include "scalar_recording.hpp"

#include <algorithm>
#include <atomic>
#include <bit>

#include "tape/error.hpp"
#include "thread_cache.hpp"

namespace tape::detail {

namespace {

constexpr std::size_t block_bytes = std::size_t{1} << 20;
// Blocks a freed recording leaves for the next one on the thread (a training
// loop records a tape per step), up to 256 MiB: what a 10^6-element function
// needs, while a much larger one gives its memory back.
constexpr std::size_t pooled_blocks = 256;

// A type of its own: thread_cache keeps one cache per type, and the tensor
// recording pools smaller byte blocks.
struct BlockPool {
  std::vector<std::unique_ptr<unsigned char[]>> blocks;
};

std::unique_ptr<unsigned char[]> take_block() {
  BlockPool* pool = thread_cache<BlockPool>();
  if (!pool || pool->blocks.empty()) return std::make_unique_for_overwrite<unsigned char[]>(block_bytes);
  std::unique_ptr<unsigned char[]> b = std::move(pool->blocks.back());
  pool->blocks.pop_back();
  return b;
}

void give_back(std::unique_ptr<unsigned char[]> b) {
  BlockPool* pool = thread_cache<BlockPool>();
  if (pool && pool->blocks.size() < pooled_blocks) pool->blocks.push_back(std::move(b));
}

double read_partial(const unsigned char* p) {
  double d;
  std::memcpy(&d, p, sizeof d);
  return d;
}

// The backward pass's adjoints, kept per thread between gradients. A node no
// path from the target reaches holds `unreached`, a NaN no arithmetic makes
// (it would need that payload in an input), so that reaching needs no
// separate flags.
constexpr std::uint64_t unreached_bits = 0x7ff8'0000'dead'beefull;

bool is_unreached(double a) {
  std::uint64_t bits;
  std::memcpy(&bits, &a, sizeof bits);
  return bits == unreached_bits;
}

double* unreached_adjoints(std::size_t n) {
  thread_local std::vector<double> adjoints;
  if (adjoints.size() < n) adjoints.resize(n);
  std::fill_n(adjoints.begin(), n, std::bit_cast<double>(unreached_bits));
  return adjoints.data();
}

template <class Key>
auto find_node(const std::vector<std::pair<std::uint32_t, Key>>& v, std::uint32_t node) {
  const auto it = std::lower_bound(v.begin(), v.end(), node,
                                   [](const auto& e, std::uint32_t n) { return e.first < n; });
  return it != v.end() && it->first == node ? it : v.end();
}

}  // namespace

std::uint32_t new_scalar_tag() {
  static std::atomic<std::uint32_t> last{0};
  return last.fetch_add(1, std::memory_order_relaxed) % (scalar_explaining_value - 1) + 1;
}

ScalarRecording::ScalarRecording() { tag = new_scalar_tag(); }

ScalarRecording::~ScalarRecording() {
  for (Block& b : blocks_) give_back(std::move(b.bytes));
}

void ScalarRecording::clear() {
  for (Block& b : blocks_) give_back(std::move(b.bytes));
  blocks_.clear();
  next = end = nullptr;
  nodes = 0;
  tag = new_scalar_tag();
  explaining_ = 0;
  shadow_leaf_ = {};
  shadows_ = {};
  former_names_ = {};
}

// A block holds fewer entries than it has bytes: past this many nodes, the
// next block could reach no_node.
unsigned char* ScalarRecording::grow() {
  if (nodes > no_node - block_bytes)
    throw Error("tape::Scalar: the recording is full (2^32 operations); take the gradient of "
                "shorter pieces");
  if (!blocks_.empty()) blocks_.back().used = static_cast<std::size_t>(next - blocks_.back().bytes.get());
  blocks_.push_back({take_block(), 0, nodes});
  next = blocks_.back().bytes.get();
  end = next + block_bytes - scalar_largest_entry;
  return next;
}

std::uint32_t ScalarRecording::append_leaf() {
  unsigned char* p = next < end ? next : grow();
  p[0] = static_cast<unsigned char>(ScalarKind::leaf);
  next = p + 1;
  return nodes++;
}

std::uint32_t ScalarRecording::append(unsigned char flags, std::uint32_t in0, double d0,
                                      std::uint32_t in1, double d1) {
  if (in0 == no_node) {
    std::swap(in0, in1);
    std::swap(d0, d1);
  }
  unsigned char* p = next < end ? next : grow();
  std::memcpy(p, &in0, 4);
  ScalarKind kind;
  if (in1 == no_node) {
    std::memcpy(p + 4, &d0, 8);
    kind = ScalarKind::unary;
  } else {
    std::memcpy(p + 4, &in1, 4);
    std::memcpy(p + 8, &d0, 8);
    std::memcpy(p + 16, &d1, 8);
    kind = ScalarKind::binary;
  }
  p[entry_bytes(kind) - 1] = static_cast<unsigned char>(static_cast<unsigned char>(kind) | flags);
  next = p + entry_bytes(kind);
  if (flags) ++explaining_;
  return nodes++;
}

std::uint32_t ScalarRecording::shadow_of(ShadowKey key) {
  if (const auto it = shadow_leaf_.find(key); it != shadow_leaf_.end()) return it->second;
  const std::uint32_t leaf = append_leaf();
  shadow_leaf_.emplace(key, leaf);
  shadows_.emplace_back(leaf, key);
  return leaf;
}

std::uint32_t ScalarRecording::shadow_node(ShadowKey key) const {
  const auto it = shadow_leaf_.find(key);
  return it == shadow_leaf_.end() ? no_node : it->second;
}

void ScalarRecording::alias_shadow(ShadowKey key, std::uint32_t node) {
  if (shadow_leaf_.emplace(key, node).second) shadows_.emplace_back(node, key);
}

ShadowKey ScalarRecording::shadow_key_of(std::uint32_t leaf) const {
  const auto it = find_node(shadows_, leaf);
  return it == shadows_.end() ? no_shadow : it->second;
}

std::uint32_t ScalarRecording::former_name(std::uint32_t leaf) const {
  const auto it = find_node(former_names_, leaf);
  return it == former_names_.end() ? no_node : it->second;
}

std::size_t ScalarRecording::bytes() const {
  std::size_t n = 0;
  for (std::size_t b = 0; b < blocks_.size(); ++b)
    n += static_cast<std::size_t>(block_end(b) - blocks_[b].bytes.get());
  return n;
}

// The unreached mark tells the nodes the target depends on (nullopt for the
// others) and keeps a node that no path reaches out of the arithmetic: an
// infinite partial derivative there makes no NaN, while one on a path does,
// as IEEE arithmetic says.
std::vector<std::optional<double>> ScalarRecording::gradients(
    std::uint32_t target, std::span<const std::uint32_t> sources) const {
  std::vector<std::optional<double>> out(sources.size());
  if (target >= nodes) return out;
  double* adjoint = unreached_adjoints(std::size_t{target} + 1);
  adjoint[target] = 1;
  auto flow = [&](std::uint32_t in, double d, double a) {
    double& to = adjoint[in];
    to = (is_unreached(to) ? 0.0 : to) + d * a;
  };
  walk_back(target, [&](std::uint32_t node, unsigned char kind, const unsigned char* p) {
    const double a = adjoint[node];
    if (is_unreached(a)) return;
    switch (static_cast<ScalarKind>(kind)) {
      case ScalarKind::pass:
        flow(read_node(p), 1, a);
        break;
      case ScalarKind::neg:
        flow(read_node(p), -1, a);
        break;
      case ScalarKind::add:
        flow(read_node(p), 1, a);
        flow(read_node(p + 4), 1, a);
        break;
      case ScalarKind::sub:
        flow(read_node(p), 1, a);
        flow(read_node(p + 4), -1, a);
        break;
      case ScalarKind::unary:
        flow(read_node(p), read_partial(p + 4), a);
        break;
      case ScalarKind::binary:
        flow(read_node(p), read_partial(p + 8), a);
        flow(read_node(p + 4), read_partial(p + 16), a);
        break;
      case ScalarKind::pass_prev:
        flow(node - 1, 1, a);
        break;
      case ScalarKind::neg_prev:
        flow(node - 1, -1, a);
        break;
      case ScalarKind::unary_prev:
        flow(node - 1, read_partial(p), a);
        break;
      case ScalarKind::add_prev:
        flow(read_node(p), 1, a);
        flow(node - 1, 1, a);
        break;
      case ScalarKind::binary_prev:
        flow(read_node(p), read_partial(p + 4), a);
        flow(node - 1, read_partial(p + 12), a);
        break;
      default:  // a leaf, or an entry that only explains misuse
        break;
    }
  });
  for (std::size_t i = 0; i < sources.size(); ++i)
    if (sources[i] <= target && !is_unreached(adjoint[sources[i]])) out[i] = adjoint[sources[i]];
  return out;
}

}  // namespace tape::detail

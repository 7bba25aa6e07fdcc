// A tape's recording of tape::Scalar operations: Jacobian entries (input node
// numbers and the partial derivatives computed as the operation ran) in a
// byte stream of fixed blocks, so the backward pass is multiply-adds only.
// It has nothing to do with the tensor recording beside it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <span>
#include <unordered_map>
#include <vector>

#include "tape/detail/links.hpp"
#include "tape/detail/scalar_stream.hpp"

namespace tape::detail {

// What a shadow leaf stands for (diagnostics): a named constant (tag 0), or
// a Scalar of another tape or recording (its tag and node).
using ShadowKey = std::uint64_t;
constexpr ShadowKey shadow_key(std::uint32_t tag, std::uint32_t node_or_name) {
  return (ShadowKey{tag} << 32) | node_or_name;
}
inline constexpr ShadowKey no_shadow = ~ShadowKey{0};

class ScalarRecording : public ScalarStream {
 public:
  ScalarRecording();
  ~ScalarRecording();
  ScalarRecording(const ScalarRecording&) = delete;
  ScalarRecording& operator=(const ScalarRecording&) = delete;

  // Frees the entries; the recording gets a new tag, so that Scalars of the
  // old one become constants.
  void clear();

  std::uint32_t append_leaf();
  // An entry of up to two inputs with their partial derivatives (general
  // forms, never the specialised ones the inline path writes); flags mark
  // one that only explains misuse.
  std::uint32_t append(unsigned char flags, std::uint32_t in0, double d0, std::uint32_t in1,
                       double d1);

  // What diagnostics keep while they listen (see scalar_explain.hpp).
  // The leaf standing for a constant that an operation here used.
  std::uint32_t shadow_of(ShadowKey key);
  bool has_shadow(ShadowKey key) const { return shadow_leaf_.contains(key); }
  // The node standing for `key` (a shadow, or the entry mirroring the
  // operation that made it), else no_node.
  std::uint32_t shadow_node(ShadowKey key) const;
  // The entry `node`, just appended, stands for `key`.
  void alias_shadow(ShadowKey key, std::uint32_t node);
  // What a shadow leaf stands for, else no_shadow.
  ShadowKey shadow_key_of(std::uint32_t leaf) const;
  // The named constant `name` became the leaf `leaf` (tape.watch) after it
  // was used; its name still tells where.
  void note_former_name(std::uint32_t leaf, std::uint32_t name) { former_names_.emplace_back(leaf, name); }
  std::uint32_t former_name(std::uint32_t leaf) const;
  bool has_former_names() const { return !former_names_.empty(); }
  // Entries that only explain: there are some; there is room for more (they
  // are capped, so that a loop run after the scope cannot grow the recording
  // without bound).
  bool has_explaining() const { return explaining_ > 0; }
  bool room_to_explain() const { return explaining_ < explaining_cap; }
  bool has_shadows() const { return !shadows_.empty(); }

  std::size_t bytes() const;

  // d target / d source for each source node (no_node: not on this tape);
  // nullopt where the target does not depend on the source.
  std::vector<std::optional<double>> gradients(std::uint32_t target,
                                               std::span<const std::uint32_t> sources) const;

  // Visits the entries from node `last` down to node 0, newest first:
  // visit(node, kind byte, payload).
  template <class Visit>
  void walk_back(std::uint32_t last, Visit&& visit) const;

 private:
  static constexpr std::uint32_t explaining_cap = 1u << 16;
  struct Block {
    std::unique_ptr<unsigned char[]> bytes;
    std::size_t used = 0;
    std::uint32_t first_node = 0;
  };
  unsigned char* grow();
  const unsigned char* block_end(std::size_t b) const {
    return b + 1 == blocks_.size() ? next : blocks_[b].bytes.get() + blocks_[b].used;
  }

  std::vector<Block> blocks_;
  std::uint32_t explaining_ = 0;
  std::unordered_map<ShadowKey, std::uint32_t> shadow_leaf_;
  std::vector<std::pair<std::uint32_t, ShadowKey>> shadows_;          // leaf, key; by leaf
  std::vector<std::pair<std::uint32_t, std::uint32_t>> former_names_;  // leaf, name; by leaf
};

// An entry's input count, from its kind byte.
inline int scalar_inputs(unsigned char kind) {
  switch (static_cast<ScalarKind>(kind & ~scalar_flags)) {
    case ScalarKind::leaf:
      return 0;
    case ScalarKind::add:
    case ScalarKind::sub:
    case ScalarKind::binary:
    case ScalarKind::add_prev:
    case ScalarKind::binary_prev:
      return 2;
    default:
      return 1;
  }
}

inline std::uint32_t read_node(const unsigned char* p) {
  std::uint32_t n;
  std::memcpy(&n, p, sizeof n);
  return n;
}

// Input i of the entry `node` of this kind and payload.
inline std::uint32_t scalar_input(unsigned char kind, const unsigned char* p, std::uint32_t node,
                                  int i) {
  switch (static_cast<ScalarKind>(kind & ~scalar_flags)) {
    case ScalarKind::pass_prev:
    case ScalarKind::neg_prev:
    case ScalarKind::unary_prev:
      return node - 1;
    case ScalarKind::add_prev:
    case ScalarKind::binary_prev:
      return i == 0 ? read_node(p) : node - 1;
    default:
      return read_node(p + 4 * i);
  }
}

template <class Visit>
void ScalarRecording::walk_back(std::uint32_t last, Visit&& visit) const {
  if (last >= nodes) return;
  std::size_t b = blocks_.size();
  while (b > 0 && blocks_[b - 1].first_node > last) --b;
  std::uint32_t node = b == blocks_.size() ? nodes : blocks_[b].first_node;
  while (b-- > 0) {
    const unsigned char* begin = blocks_[b].bytes.get();
    for (const unsigned char* p = block_end(b); p != begin;) {
      const unsigned char kind = p[-1];
      p -= scalar_entry_bytes[kind & ~scalar_flags];
      if (--node <= last) visit(node, kind, p);
    }
  }
}

// New tags: never 0, below 2^31 (scalar_explaining_value).
std::uint32_t new_scalar_tag();

}  // namespace tape::detail

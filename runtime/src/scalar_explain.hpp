// Why a Scalar gradient is missing or partial: what the runtime keeps while
// diagnostics listen, and the questions gradient() asks of it.
//
// A constant Scalar made while diagnostics listen gets a name. The names of
// this thread's constants know the named constants they were computed from
// outside every tape, and the tape value whose value() export they equal (a
// raw round trip). A recording keeps a shadow leaf for each named constant
// its operations used, the leaf a named constant became when it was
// watched, and the operations run on its Scalars while it did not record.
// None of it carries gradient: the values are the same listening or not.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "scalar_recording.hpp"
#include "tape/scalar.hpp"
#include "tape/source_location.hpp"

namespace tape::detail {

// A named constant equal to a value exported from a tape.
struct ImportOrigin {
  std::uint32_t tag = 0;
  std::uint32_t node = no_node;
  SourceLoc exported_at;
};

// This thread's named constants (a bounded record: past its capacity,
// diagnostics stop following constants, never values).
class ConstantNames {
 public:
  static ConstantNames& here();

  std::uint32_t fresh();
  // `child` was computed from named constants while the tape tagged
  // `recording` (0: none) recorded on this thread.
  void derive(std::uint32_t child, std::uint32_t parent0, std::uint32_t parent1,
              std::uint32_t recording);
  void import(std::uint32_t name, ImportOrigin origin);
  bool has_children(std::uint32_t name) const { return with_children_.contains(name); }
  const ImportOrigin* import_of(std::uint32_t name) const;
  bool has_imports() const { return !imports_.empty(); }
  // Visits `name` and every named constant it was computed from that `seen`
  // does not hold yet (adding them): visit(name, recording) with the tag
  // recording when it was used (0 for `name` itself and uses outside every
  // scope). A walk stops after 65536 names.
  template <class Visit>
  void lineage(std::uint32_t name, std::unordered_set<std::uint32_t>& seen, Visit&& visit) const;

 private:
  struct Parents {
    std::array<std::uint32_t, 2> names;
    std::uint32_t recording;
  };
  static constexpr std::size_t capacity = std::size_t{1} << 20;
  bool full() const { return parents_.size() + imports_.size() >= capacity; }
  std::unordered_map<std::uint32_t, Parents> parents_;
  std::unordered_set<std::uint32_t> with_children_;
  std::unordered_map<std::uint32_t, ImportOrigin> imports_;
};

template <class Visit>
void ConstantNames::lineage(std::uint32_t name, std::unordered_set<std::uint32_t>& seen,
                            Visit&& visit) const {
  if (!seen.insert(name).second) return;
  visit(name, 0u);
  std::vector<std::uint32_t> queue{name};
  for (std::size_t i = 0; i < queue.size() && queue.size() < 65536; ++i) {
    const auto it = parents_.find(queue[i]);
    if (it == parents_.end()) continue;
    for (std::uint32_t p : it->second.names) {
      if (p == no_node) continue;
      visit(p, it->second.recording);
      if (seen.insert(p).second) queue.push_back(p);
    }
  }
}

// How a recording sees a Scalar.
// The recording its node belongs to, a tape value or one that only
// explains; 0 for a constant.
inline std::uint32_t recording_tag(const Scalar& s) {
  return ScalarOps::tape(s) & ~scalar_explaining_value;
}
// Its node if it is a value of r's tape, else no_node.
inline std::uint32_t tape_node(const ScalarRecording& r, const Scalar& s) {
  return ScalarOps::tape(s) == r.tag ? ScalarOps::node(s) : no_node;
}
// What a shadow of it stands for where it is no value of the recording: a
// named constant, or a value of another recording; no_shadow for a plain
// constant.
inline ShadowKey constant_key(const Scalar& s) {
  if (ScalarOps::tape(s) == 0)
    return ScalarOps::node(s) == no_node ? no_shadow : shadow_key(0, ScalarOps::node(s));
  return shadow_key(recording_tag(s), ScalarOps::node(s));
}

struct ScalarFinding {
  std::string_view check;
  std::string message;
  bool exact = true;
};

// Answers, for one gradient() call's target, why the gradient with respect
// to each source is missing or partial.
class ScalarExplainer {
 public:
  // A target or source as the recording sees it: its node here (a tape
  // value, or one that only explains), or the shadow key of a constant (a
  // named one, or a value of another recording).
  struct Ref {
    std::uint32_t node = no_node;
    ShadowKey key = no_shadow;
    bool tape_value = false;  // a value of this tape, not one that only explains
  };

  // Whether an explainer could find anything: a cheap test, so that a clean
  // gradient() pays nothing more.
  static bool worthwhile(const ScalarRecording& r, const Ref& target, std::span<const Ref> sources);

  ScalarExplainer(const ScalarRecording& r, const Ref& target);
  std::optional<ScalarFinding> explain(const Ref& source) const;
  // The target depends on `node`, through any entry.
  bool reaches(std::uint32_t node) const { return node < reach_.size() && reach_[node]; }

 private:
  enum Reach : unsigned char { through_recorded = 1, through_import = 2, through_unrecorded = 4 };
  // Passes reach_ on from each reached node to its inputs.
  void propagate(std::uint32_t from);
  // The target used the named constant `name` (before the node `before`).
  void used_constant(std::uint32_t name, std::uint32_t before, unsigned char how);
  bool used(std::uint32_t name) const;

  const ScalarRecording& r_;
  const bool target_on_tape_;
  std::vector<unsigned char> reach_;  // per node: how the target reaches it
  // Named constants the target used: directly (name -> its earliest shadow
  // leaf), in constants computed from them while this tape recorded, or in
  // constants computed from them while it did not.
  std::unordered_map<std::uint32_t, std::uint32_t> used_directly_;
  std::unordered_set<std::uint32_t> used_in_scope_;
  std::unordered_set<std::uint32_t> used_outside_;
  // Values of other recordings the target used (their shadow keys).
  std::unordered_set<ShadowKey> used_foreign_;
  std::unordered_set<std::uint32_t> walked_;  // names whose lineage was walked
  std::optional<SourceLoc> import_exported_at_;
};

}  // namespace tape::detail

// A tape's recording of tape::Scalar operations: Jacobian entries (input node
// numbers and the partial derivatives computed as the operation ran) in a
// byte stream of fixed blocks, so the backward pass is multiply-adds only.
// Apart from the entries that explain misuse, it has nothing to do with the
// tensor recording beside it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "tape/detail/links.hpp"
#include "tape/detail/scalar_stream.hpp"
#include "tape/source_location.hpp"

namespace tape::detail {

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
  // forms, never the specialised ones the inline path writes).
  std::uint32_t append(unsigned char flags, std::uint32_t in0, double d0, std::uint32_t in1,
                       double d1);
  std::uint32_t append_imported(std::uint32_t exported, SourceLoc where);
  // The leaf standing for the constant named `name` where it was used
  // unwatched (diagnostics only).
  std::uint32_t shadow_of(std::uint32_t name);
  bool has_shadow(std::uint32_t name) const { return shadows_.contains(name); }
  // A constant named `name` became the leaf `leaf` (diagnostics only).
  void watched_late(std::uint32_t leaf, std::uint32_t name) { late_.emplace(leaf, name); }

  std::size_t bytes() const;

  // d target / d source for each source node (no_node: not on this tape);
  // nullopt where the target does not depend on the source.
  std::vector<std::optional<double>> gradients(std::uint32_t target,
                                               std::span<const std::uint32_t> sources) const;

  struct Finding {
    std::string_view check;
    std::string message;
    bool exact = true;
  };
  // Why the gradient with respect to one source is missing or partial, from
  // the entries recorded to explain misuse. A source is a node here, or a
  // named constant (`name`), or neither.
  class Explainer {
   public:
    Explainer(const ScalarRecording& r, std::uint32_t target);
    std::optional<Finding> explain(std::uint32_t source_node, std::uint32_t source_name) const;

   private:
    bool used(std::uint32_t name) const;
    const ScalarRecording& r_;
    std::vector<unsigned char> reach_;  // per node: how the target reaches it
  };
  // Whether an Explainer could find anything for these sources (nodes here,
  // or names of constants).
  bool may_explain(std::span<const std::uint32_t> nodes, std::span<const std::uint32_t> names) const;

 private:
  struct Block {
    std::unique_ptr<unsigned char[]> bytes;
    std::size_t used = 0;
  };
  unsigned char* grow();
  std::vector<unsigned char> reached_from(std::uint32_t target) const;
  template <class Visit>
  void walk_back(Visit&& visit) const;

  std::vector<Block> blocks_;
  bool flagged_ = false;
  std::unordered_map<std::uint32_t, std::uint32_t> shadows_;  // name -> leaf
  std::unordered_map<std::uint32_t, std::uint32_t> late_;     // leaf -> name it had
  std::vector<std::pair<std::uint32_t, SourceLoc>> imports_;  // node, where exported
};

// New tags, never 0.
std::uint32_t new_scalar_tag();

}  // namespace tape::detail

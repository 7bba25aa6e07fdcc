#include "explain.hpp"

#include <algorithm>
#include <vector>

#include "tape/check_names.hpp"
#include "tensor_access.hpp"
#include "variable_identity.hpp"

namespace tape::detail {

namespace {

std::string describe(const SourceLoc& where) {
  if (!where.known()) return {};
  return std::string(" at ") + where.file + ":" + std::to_string(where.line);
}

std::string describe_step(const Break& b) {
  return std::string(b.step ? b.step : "an operation") + describe(b.where);
}

// Answers "does this break lie on a path from the source?" for one gradient.
class SourceReach {
 public:
  SourceReach(const TapeCore& tape, const Tensor& source, std::uint32_t source_node)
      : tape_(tape), source_(source), source_node_(source_node) {}

  std::uint32_t source_node() const { return source_node_; }
  bool is_variable() const { return TensorAccess::variable(source_) != nullptr; }

  bool same_identity(const Break& b) const {
    if (const VariableIdentity* v = TensorAccess::variable(source_))
      return b.origin == OriginKind::variable && b.id == v->id;
    return b.origin == OriginKind::constant && b.id == TensorAccess::id(source_);
  }

  bool connected(const Break& b) {
    if (b.origin != OriginKind::tape_node) return same_identity(b);
    return b.tape == tape_.serial && source_node_ != no_node && reaches(b.node);
  }

  // The source reaches `node` through recorded entries.
  bool reaches(std::uint32_t node) {
    if (reach_.empty()) fill();
    return node < reach_.size() && reach_[node];
  }

 private:
  void fill() {
    reach_.assign(tape_.entries.size(), 0);
    if (source_node_ >= reach_.size()) return;
    reach_[source_node_] = 1;
    for (Recording::Forward entries(tape_.entries, source_node_ + 1); !entries.done();) {
      const Step e = entries.next();
      reach_[e.node] = (e.in0 != no_node && reach_[e.in0]) || (e.in1 != no_node && reach_[e.in1]);
    }
  }

  const TapeCore& tape_;
  const Tensor& source_;
  const std::uint32_t source_node_;
  std::vector<unsigned char> reach_;
};

const Break* first_break(const ProvenancePtr& p, SourceReach& reach, auto&& wanted) {
  if (!p) return nullptr;
  for (const Break& b : p->breaks)
    if (wanted(b) && reach.connected(b)) return &b;
  return nullptr;
}

// Entries that the target depends on.
std::vector<unsigned char> reached_from_target(const TapeCore& tape, std::uint32_t target) {
  std::vector<unsigned char> needed(target + 1, 0);
  needed[target] = 1;
  for (Recording::Backward entries(tape.entries, target); !entries.done();) {
    const Step e = entries.next();
    if (!needed[e.node]) continue;
    if (e.in0 != no_node) needed[e.in0] = 1;
    if (e.in1 != no_node) needed[e.in1] = 1;
  }
  return needed;
}

// A view whose memory changed after it was recorded, on a path from source to target.
const ViewRecord* changed_view(const TapeCore& tape, std::uint32_t target, SourceReach& reach) {
  std::vector<unsigned char> needed;
  for (const ViewRecord& v : tape.views) {
    if (v.entry > target || view_checksum(*v.dense) == v.checksum || !reach.reaches(v.entry))
      continue;
    if (needed.empty()) needed = reached_from_target(tape, target);
    if (needed[v.entry]) return &v;
  }
  return nullptr;
}

// Whether the target's history mentions the source at all.
bool depends_on(const ProvenancePtr& p, const SourceReach& reach) {
  return p && std::any_of(p->breaks.begin(), p->breaks.end(),
                          [&](const Break& b) { return reach.same_identity(b); });
}

std::optional<Finding> unwatched(const TapeCore& tape, const ProvenancePtr& p, SourceReach& reach) {
  if (reach.is_variable() && tape.options.watch_accessed_variables) return std::nullopt;
  if (!p) return std::nullopt;
  const bool never_watched = reach.source_node() == no_node;
  for (const Break& b : p->breaks) {
    if (!reach.same_identity(b)) continue;
    if (never_watched)
      return Finding{checks::unwatched_source,
                     "the source was never watched by this tape, so its uses (" + describe_step(b) +
                         ") were not recorded; call tape.watch(source) inside the recording "
                         "scope before the source is used"};
    if (b.kind == BreakKind::untracked && b.tape == tape.serial)
      return Finding{checks::unwatched_source,
                     "the source was watched too late: it was used (" + describe_step(b) +
                         ") before tape.watch(source); watch it before its first use"};
  }
  return std::nullopt;
}

}  // namespace

bool may_explain(const TapeCore& tape, const Tensor& target, const Tensor& source) {
  if (!tape.views.empty()) return true;
  const ProvenancePtr& p = TensorAccess::provenance(target);
  if (!p) return false;
  const SourceReach reach(tape, source, no_node);
  return std::any_of(p->breaks.begin(), p->breaks.end(), [&](const Break& b) {
    return b.origin == OriginKind::tape_node || reach.same_identity(b);
  });
}

std::optional<Finding> explain_gradient(const TapeCore& tape, const Tensor& target,
                                        std::uint32_t target_node, const Tensor& source,
                                        std::uint32_t source_node, bool missing) {
  const ProvenancePtr& p = TensorAccess::provenance(target);
  // Every finding rests on the target's history or on a recorded view.
  if (!p && tape.views.empty()) return std::nullopt;
  SourceReach reach(tape, source, source_node);
  if (!is_floating(source.dtype())) {
    if (!depends_on(p, reach)) return std::nullopt;
    return Finding{checks::integer_source,
                   "the source has the integer dtype " + std::string(to_string(source.dtype())) +
                       ", which has no gradient; make it floating (Variable(2.0), not Variable(2))"};
  }
  if (auto f = unwatched(tape, p, reach)) return f;

  const char* effect = missing ? "is missing" : "is partial";
  if (const Break* b = first_break(p, reach, [](const Break& x) { return x.kind == BreakKind::exported; }))
    return Finding{checks::raw_array_mixing,
                   std::string("the gradient ") + effect + ": a value that depends on the source left the tape through " +
                       describe_step(*b) + " and came back as a constant; keep the computation in tape operations",
                   b->exact};
  if (target_node != no_node)
    if (const ViewRecord* v = changed_view(tape, target_node, reach))
      return Finding{checks::raw_array_mixing,
                     "the gradient is wrong: memory under the Tensor::view made" + describe(v->dense->view_made) +
                         " changed after the tape recorded it; keep the memory unchanged until gradient() or copy it with Tensor::from_raw"};
  if (missing)
    if (const Break* b = first_break(p, reach, [](const Break& x) { return x.kind == BreakKind::nondiff; }))
      return Finding{checks::non_differentiable_path,
                     "the gradient is missing: every path from the source to the target that the tape "
                     "recorded crosses " +
                         describe_step(*b) + ", which has no gradient"};
  const std::uint64_t serial = tape.serial;
  if (const Break* b = first_break(p, reach, [serial](const Break& x) {
        return x.kind == BreakKind::unrecorded ||
               (x.kind == BreakKind::untracked && x.tape != serial);
      }))
    return Finding{checks::op_outside_scope,
                   std::string("the gradient ") + effect + ": an operation between source and target (" +
                       describe_step(*b) +
                       ") ran while the tape was not recording; compute it inside the tape's record() scope"};
  return std::nullopt;
}

}  // namespace tape::detail

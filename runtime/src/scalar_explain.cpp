#include "scalar_explain.hpp"

#include <algorithm>
#include <atomic>

#include "tape/check_names.hpp"

namespace tape::detail {

ConstantNames& ConstantNames::here() {
  thread_local ConstantNames names;
  return names;
}

// Unique across threads (a named constant may be copied to another one),
// taken from a shared counter a block at a time. The blocks stop short of
// no_node, which names nothing.
std::uint32_t ConstantNames::fresh() {
  static constexpr std::uint32_t block = 4096;
  static std::atomic<std::uint32_t> blocks{0};
  thread_local std::uint32_t next = 0, end = 0;
  if (next == end) {
    next = blocks.fetch_add(1, std::memory_order_relaxed) % (no_node / block) * block;
    end = next + block;
  }
  return next++;
}

void ConstantNames::derive(std::uint32_t child, std::uint32_t parent0, std::uint32_t parent1,
                           std::uint32_t recording) {
  if (full()) return;
  parents_[child] = {{parent0, parent1}, recording};
  for (std::uint32_t p : {parent0, parent1})
    if (p != no_node) with_children_.insert(p);
}

void ConstantNames::import(std::uint32_t name, ImportOrigin origin) {
  if (!full()) imports_[name] = origin;
}

const ImportOrigin* ConstantNames::import_of(std::uint32_t name) const {
  const auto it = imports_.find(name);
  return it == imports_.end() ? nullptr : &it->second;
}

bool ScalarExplainer::worthwhile(const ScalarRecording& r, const Ref& target,
                                 std::span<const Ref> sources) {
  // A constant used here may be equal to an export of this recording.
  const bool imports = r.has_shadows() && ConstantNames::here().has_imports();
  if (r.has_explaining() || imports || target.key != no_shadow ||
      (target.node != no_node && !target.tape_value))
    return true;
  for (const Ref& s : sources)
    if (s.key != no_shadow || (s.node != no_node && r.former_name(s.node) != no_node)) return true;
  return false;
}

ScalarExplainer::ScalarExplainer(const ScalarRecording& r, const Ref& target)
    : r_(r), target_on_tape_(target.tape_value), reach_(r.nodes, 0) {
  if (target.key != no_shadow && target.key >> 32 == 0)
    used_constant(static_cast<std::uint32_t>(target.key), r.nodes, through_recorded);
  // A value of another recording that an operation here mirrored.
  const std::uint32_t start = target.node != no_node ? target.node
                              : target.key != no_shadow ? r.shadow_node(target.key)
                                                        : no_node;
  if (start < r.nodes) reach_[start] |= through_recorded;
  propagate(start < r.nodes ? start : r.nodes - 1);
}

void ScalarExplainer::propagate(std::uint32_t from) {
  r_.walk_back(from, [&](std::uint32_t node, unsigned char kind, const unsigned char* p) {
    const unsigned char how = reach_[node];
    if (!how) return;
    if (kind == static_cast<unsigned char>(ScalarKind::leaf)) {
      const ShadowKey key = r_.shadow_key_of(node);
      if (key == no_shadow) return;
      if (key >> 32 == 0)
        used_constant(static_cast<std::uint32_t>(key), node, how);
      else
        used_foreign_.insert(key);
      return;
    }
    const unsigned char to =
        kind & scalar_unrecorded ? (how & ~through_recorded) | through_unrecorded : how;
    for (int i = 0; i < scalar_inputs(kind); ++i) reach_[scalar_input(kind, p, node, i)] |= to;
  });
}

// A constant, and those it was computed from, were used; one equal to an
// export of this recording continues the path from the exported node.
void ScalarExplainer::used_constant(std::uint32_t name, std::uint32_t before, unsigned char how) {
  used_directly_[name] = before;  // the walk goes newest first: the earliest use stays
  const ConstantNames& names = ConstantNames::here();
  names.lineage(name, walked_, [&](std::uint32_t a, std::uint32_t recording) {
    if (a != name) (recording == r_.tag ? used_in_scope_ : used_outside_).insert(a);
    const ImportOrigin* o = names.import_of(a);
    if (!o || o->tag != r_.tag || o->node >= before) return;
    reach_[o->node] |= static_cast<unsigned char>((how & ~through_recorded) | through_import);
    if (!import_exported_at_) import_exported_at_ = o->exported_at;
  });
}

bool ScalarExplainer::used(std::uint32_t name) const {
  return used_directly_.contains(name) || used_in_scope_.contains(name) ||
         used_outside_.contains(name);
}

std::optional<ScalarFinding> ScalarExplainer::explain(const Ref& source) const {
  if (!source.tape_value) {
    // A value computed from the tape's after its scope: a constant to it.
    if (source.node != no_node && reaches(source.node))
      return ScalarFinding{checks::unwatched_source,
                           "the source was computed outside the tape's recording scope, so the "
                           "tape never watched it; compute it inside the scope, or watch it "
                           "before its use"};
    if (source.key == no_shadow) return std::nullopt;
    if (source.key >> 32 == 0 && used(static_cast<std::uint32_t>(source.key)))
      return ScalarFinding{checks::unwatched_source,
                           "the source was never watched by this tape, so its uses were not "
                           "recorded; call tape.watch(source) inside the recording scope before "
                           "the source is used"};
    if (used_foreign_.contains(source.key))
      return ScalarFinding{checks::unwatched_source,
                           "the source is a value of another tape or of an earlier recording of "
                           "this one, a constant to this tape, which never watched it; watch it "
                           "on this tape before its use"};
    return std::nullopt;
  }
  const std::uint32_t former = r_.former_name(source.node);
  const auto direct = used_directly_.find(former);
  if (former != no_node && ((direct != used_directly_.end() && direct->second < source.node) ||
                            used_in_scope_.contains(former)))
    return ScalarFinding{checks::unwatched_source,
                         "the source was watched too late: it was used before tape.watch(source); "
                         "watch it before its first use"};
  const unsigned char how = reach_[source.node];
  const std::string effect = target_on_tape_ && (how & through_recorded) ? "is partial" : "is missing";
  if (how & through_import) {
    std::string where = "value()";
    if (import_exported_at_ && import_exported_at_->known())
      where += std::string(" at ") + import_exported_at_->file + ":" +
               std::to_string(import_exported_at_->line);
    return ScalarFinding{checks::raw_array_mixing,
                         "the gradient " + effect +
                             ": a value that depends on the source left the tape through " + where +
                             " and came back as a constant; keep the computation in Scalar operations",
                         false};
  }
  if ((how & through_unrecorded) || (former != no_node && used_outside_.contains(former)))
    return ScalarFinding{checks::op_outside_scope,
                         "the gradient " + effect +
                             ": an operation between source and target ran while the tape was not "
                             "recording; compute it inside the tape's record() scope"};
  return std::nullopt;
}

}  // namespace tape::detail

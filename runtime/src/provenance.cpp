#include "provenance.hpp"

#include <algorithm>

#include "tensor_access.hpp"
#include "variable_identity.hpp"

namespace tape::detail {

namespace {

void add_break(Provenance& p, const Break& b) {
  for (const Break& have : p.breaks)
    if (have.same_as(b)) return;
  if (p.breaks.size() < Provenance::capacity)
    p.breaks.push_back(b);
  else
    p.overflowed = true;
}

bool covers(const ProvenancePtr& p, std::span<const Break> added) {
  return std::all_of(added.begin(), added.end(), [&](const Break& b) {
    return std::any_of(p->breaks.begin(), p->breaks.end(),
                       [&](const Break& have) { return have.same_as(b); });
  });
}

}  // namespace

ProvenancePtr combine(const ProvenancePtr& a, const ProvenancePtr& b,
                      std::span<const Break> added) {
  if (added.empty()) {
    if (!b || b == a) return a;
    if (!a) return b;
  }
  if (a && (!b || b == a) && covers(a, added)) return a;
  auto merged = std::make_shared<Provenance>();
  for (const ProvenancePtr* p : {&a, &b})
    if (*p) {
      merged->overflowed |= (*p)->overflowed;
      for (const Break& x : (*p)->breaks) add_break(*merged, x);
    }
  for (const Break& x : added) add_break(*merged, x);
  return merged;
}

void origins_as_breaks(const Tensor& t, BreakKind kind, const char* step, SourceLoc where,
                       std::vector<Break>& out) {
  if (const VariableIdentity* v = TensorAccess::variable(t)) {
    out.push_back({kind, OriginKind::variable, 0, v->id, 0, step, where});
    return;
  }
  TensorAccess::for_each_link(t, [&](const Link& l) {
    out.push_back({kind, OriginKind::tape_node, l.node, 0, l.tape, step, where});
  });
  if (TensorAccess::unrecorded_constant(t))
    out.push_back({kind, OriginKind::constant, 0, TensorAccess::id(t), 0, step, where});
}

}  // namespace tape::detail

#include "exports.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <vector>

#include "provenance.hpp"
#include "ring_log.hpp"
#include "listening.hpp"
#include "tensor_access.hpp"
#include "thread_state.hpp"

namespace tape::detail {

namespace {

struct ExportRecord {
  const double* address = nullptr;
  std::int64_t count = 0;
  std::uint64_t value_hash = 0;
  double first = 0;
  std::vector<Break> origins;
};

// The newest exports of this thread.
using ExportLog = RingLog<ExportRecord, 256>;

ExportLog& log() {
  thread_local ExportLog l;
  return l;
}

std::uint64_t hash_values(const double* p, std::int64_t n) {
  std::uint64_t h = 1469598103934665603ull;
  for (std::int64_t i = 0; i < n; ++i) {
    const double v = p[i] == 0.0 ? 0.0 : p[i];  // -0.0 equals 0.0
    std::uint64_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    h = (h ^ bits) * 1099511628211ull;
  }
  return h;
}

// 0 and ±1 turn up everywhere; equal values prove nothing for them.
bool distinctive(double v) { return v != 0.0 && std::fabs(v) != 1.0; }

bool tracked(const Tensor& t) {
  return TensorAccess::variable(t) || TensorAccess::has_links(t);
}

void append_breaks(const ExportRecord& r, bool exact, std::vector<Break>& out) {
  for (Break b : r.origins) {
    b.exact = exact;
    out.push_back(b);
  }
}

}  // namespace

constinit thread_local bool exports_logged = false;

void note_export(const Tensor& t, const char* how, const double* address, std::int64_t count,
                 SourceLoc where) {
  if (!listening() || !tracked(t)) return;
  ExportRecord& r = log().push();
  r.address = address;
  r.count = count;
  r.value_hash = hash_values(TensorAccess::values(t), count);
  r.first = count > 0 ? TensorAccess::values(t)[0] : 0.0;
  r.origins.clear();
  origins_as_breaks(t, BreakKind::exported, how, where, r.origins);
  if (const ProvenancePtr& p = TensorAccess::provenance(t))
    r.origins.insert(r.origins.end(), p->breaks.begin(), p->breaks.end());
  exports_logged = true;
}

ProvenancePtr match_logged_import(const double* p, std::int64_t count) {
  std::vector<Break> found;
  const std::uint64_t h = hash_values(p, count);
  log().each([&](const ExportRecord& r) {
    const bool same_buffer = r.address != nullptr && r.address == p && r.count == count;
    const bool same_values = r.count == count && r.value_hash == h &&
                             (count > 1 || distinctive(r.first));
    // Single values copied out by item() and put back element by element.
    const bool holds_item = r.address == nullptr && r.count == 1 && distinctive(r.first) &&
                            std::find(p, p + count, r.first) != p + count;
    if (same_buffer || same_values || holds_item) append_breaks(r, same_buffer, found);
  });
  return found.empty() ? nullptr : combine(nullptr, nullptr, found);
}

}  // namespace tape::detail

#include "scalar_recording.hpp"

#include <algorithm>
#include <atomic>
#include <cstring>

#include "tape/check_names.hpp"
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

std::uint32_t read_node(const unsigned char* p) {
  std::uint32_t n;
  std::memcpy(&n, p, sizeof n);
  return n;
}

double read_partial(const unsigned char* p) {
  double d;
  std::memcpy(&d, p, sizeof d);
  return d;
}

int input_count(unsigned char kind) {
  switch (static_cast<ScalarKind>(kind & ~scalar_flags)) {
    case ScalarKind::leaf:
      return 0;
    case ScalarKind::add:
    case ScalarKind::sub:
    case ScalarKind::binary:
      return 2;
    default:
      return 1;
  }
}

// The backward pass's adjoints, kept per thread between gradients.
double* zeroed_adjoints(std::size_t n) {
  thread_local std::vector<double> adjoints;
  if (adjoints.size() < n) adjoints.resize(n);
  std::fill_n(adjoints.begin(), n, 0.0);
  return adjoints.data();
}

// How the target reaches a node (Explainer).
enum Reach : unsigned char { through_recorded = 1, through_import = 2, through_unrecorded = 4 };

}  // namespace

std::uint32_t new_scalar_tag() {
  static std::atomic<std::uint32_t> last{0};
  std::uint32_t t;
  do t = last.fetch_add(1, std::memory_order_relaxed) + 1;
  while (t == 0);
  return t;
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
  flagged_ = false;
  shadows_ = {};
  late_ = {};
  imports_ = {};
}

unsigned char* ScalarRecording::grow() {
  if (!blocks_.empty()) blocks_.back().used = static_cast<std::size_t>(next - blocks_.back().bytes.get());
  blocks_.push_back({take_block(), 0});
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
  flagged_ = flagged_ || flags != 0;
  return nodes++;
}

std::uint32_t ScalarRecording::append_imported(std::uint32_t exported, SourceLoc where) {
  unsigned char* p = next < end ? next : grow();
  std::memcpy(p, &exported, 4);
  p[4] = static_cast<unsigned char>(ScalarKind::pass) | scalar_imported;
  next = p + 5;
  flagged_ = true;
  imports_.emplace_back(nodes, where);
  return nodes++;
}

std::uint32_t ScalarRecording::shadow_of(std::uint32_t name) {
  const auto [it, added] = shadows_.try_emplace(name, no_node);
  if (added) it->second = append_leaf();
  return it->second;
}

std::size_t ScalarRecording::bytes() const {
  std::size_t n = 0;
  for (const Block& b : blocks_) n += &b == &blocks_.back() ? static_cast<std::size_t>(next - b.bytes.get()) : b.used;
  return n;
}

// Visits every entry, newest first: visit(node, kind byte, payload).
template <class Visit>
void ScalarRecording::walk_back(Visit&& visit) const {
  std::uint32_t node = nodes;
  for (std::size_t b = blocks_.size(); b-- > 0;) {
    const unsigned char* begin = blocks_[b].bytes.get();
    const unsigned char* p =
        b + 1 == blocks_.size() ? static_cast<const unsigned char*>(next) : begin + blocks_[b].used;
    while (p != begin) {
      const unsigned char kind = p[-1];
      p -= scalar_entry_bytes[kind & ~scalar_flags];
      visit(--node, kind, p);
    }
  }
}

// A zero adjoint is not passed on: it adds nothing (and an infinite partial
// derivative would make it NaN), so reaching a node is not the same as
// having a nonzero adjoint. Only a source whose adjoint stays zero needs the
// reachability walk, to tell a zero gradient from none.
std::vector<std::optional<double>> ScalarRecording::gradients(
    std::uint32_t target, std::span<const std::uint32_t> sources) const {
  std::vector<std::optional<double>> out(sources.size());
  if (target >= nodes) return out;
  double* adjoint = zeroed_adjoints(std::size_t{target} + 1);
  adjoint[target] = 1;
  auto flow = [&](const unsigned char* in, double d, double a) { adjoint[read_node(in)] += d * a; };
  walk_back([&](std::uint32_t node, unsigned char kind, const unsigned char* p) {
    if (node > target) return;
    const double a = adjoint[node];
    if (a == 0) return;
    switch (static_cast<ScalarKind>(kind)) {
      case ScalarKind::pass:
        flow(p, 1, a);
        break;
      case ScalarKind::neg:
        flow(p, -1, a);
        break;
      case ScalarKind::add:
        flow(p, 1, a);
        flow(p + 4, 1, a);
        break;
      case ScalarKind::sub:
        flow(p, 1, a);
        flow(p + 4, -1, a);
        break;
      case ScalarKind::unary:
        flow(p, read_partial(p + 4), a);
        break;
      case ScalarKind::binary:
        flow(p, read_partial(p + 8), a);
        flow(p + 4, read_partial(p + 16), a);
        break;
      default:  // a leaf, or an entry that only explains misuse
        break;
    }
  });
  std::vector<unsigned char> reached;
  for (std::size_t i = 0; i < sources.size(); ++i) {
    const std::uint32_t s = sources[i];
    if (s > target) continue;
    if (adjoint[s] != 0) {
      out[i] = adjoint[s];
      continue;
    }
    if (reached.empty()) reached = reached_from(target);
    if (reached[s] & through_recorded) out[i] = 0.0;
  }
  return out;
}

// Per node, how the target reaches it: through recorded entries only, or
// through an entry that only explains misuse (an import, an unrecorded one).
std::vector<unsigned char> ScalarRecording::reached_from(std::uint32_t target) const {
  std::vector<unsigned char> reach(nodes, 0);
  if (target >= nodes) return reach;
  reach[target] = through_recorded;
  walk_back([&](std::uint32_t node, unsigned char kind, const unsigned char* p) {
    const unsigned char from = reach[node];
    if (!from) return;
    const unsigned char carried = static_cast<unsigned char>(from & ~through_recorded);
    const unsigned char to = (kind & scalar_imported)     ? carried | through_import
                             : (kind & scalar_unrecorded) ? carried | through_unrecorded
                                                          : from;
    for (int i = 0; i < input_count(kind); ++i) reach[read_node(p + 4 * i)] |= to;
  });
  return reach;
}

ScalarRecording::Explainer::Explainer(const ScalarRecording& r, std::uint32_t target)
    : r_(r), reach_(r.reached_from(target)) {}

bool ScalarRecording::may_explain(std::span<const std::uint32_t> nodes,
                                  std::span<const std::uint32_t> names) const {
  if (flagged_) return true;
  for (std::uint32_t n : nodes)
    if (late_.contains(n)) return true;
  for (std::uint32_t n : names)
    if (shadows_.contains(n)) return true;
  return false;
}

bool ScalarRecording::Explainer::used(std::uint32_t name) const {
  const auto it = r_.shadows_.find(name);
  return it != r_.shadows_.end() && reach_[it->second] != 0;
}

std::optional<ScalarRecording::Finding> ScalarRecording::Explainer::explain(
    std::uint32_t source_node, std::uint32_t source_name) const {
  if (source_node == no_node) {
    if (source_name == no_node || !used(source_name)) return std::nullopt;
    return Finding{checks::unwatched_source,
                   "the source was never watched by this tape, so its uses were not recorded; "
                   "call tape.watch(source) inside the recording scope before the source is used"};
  }
  if (const auto late = r_.late_.find(source_node); late != r_.late_.end() && used(late->second))
    return Finding{checks::unwatched_source,
                   "the source was watched too late: it was used before tape.watch(source); "
                   "watch it before its first use"};
  const unsigned char how = reach_[source_node];
  const std::string effect = how & through_recorded ? "is partial" : "is missing";
  if (how & through_import) {
    std::string where = "value()";
    const auto import = std::find_if(r_.imports_.begin(), r_.imports_.end(),
                                     [&](const auto& i) { return reach_[i.first] != 0; });
    if (import != r_.imports_.end() && import->second.known())
      where += std::string(" at ") + import->second.file + ":" + std::to_string(import->second.line);
    return Finding{checks::raw_array_mixing,
                   "the gradient " + effect + ": a value that depends on the source left the tape through " +
                       where + " and came back as a constant Scalar; keep the computation in Scalar operations",
                   false};
  }
  if (how & through_unrecorded)
    return Finding{checks::op_outside_scope,
                   "the gradient " + effect +
                       ": an operation between source and target ran while the tape was not recording; "
                       "compute it inside the tape's record() scope"};
  return std::nullopt;
}

}  // namespace tape::detail

#include "tape_core.hpp"

#include <array>
#include <atomic>
#include <cstring>
#include <mutex>
#include <unordered_set>

#include "tape/error.hpp"
#include "tensor_access.hpp"
#include "variable_identity.hpp"

namespace tape::detail {

namespace {

// Serials of the recordings that exist, process-wide. Asked once per
// variable and tape (VariableIdentity::add_link), so the question is answered
// without a lock: a live serial sits in its slot of a ring, and only the rare
// serial whose slot a live one already holds goes to a locked overflow set.
struct LiveRecordings {
  static constexpr std::size_t slots = 1 << 12;
  std::array<std::atomic<std::uint64_t>, slots> ring{};
  std::atomic<std::uint64_t> last{0};
  std::atomic<std::size_t> overflowing{0};
  std::mutex mutex;
  std::unordered_set<std::uint64_t> overflow;

  std::uint64_t open() {
    const std::uint64_t serial = last.fetch_add(1, std::memory_order_relaxed) + 1;
    std::uint64_t empty = 0;
    if (slot(serial).compare_exchange_strong(empty, serial, std::memory_order_acq_rel)) return serial;
    std::lock_guard lock(mutex);
    overflow.insert(serial);
    overflowing.store(overflow.size(), std::memory_order_release);
    return serial;
  }
  void close(std::uint64_t serial) {
    std::uint64_t held = serial;
    if (slot(serial).compare_exchange_strong(held, 0, std::memory_order_acq_rel)) return;
    std::lock_guard lock(mutex);
    overflow.erase(serial);
    overflowing.store(overflow.size(), std::memory_order_release);
  }
  bool alive(std::uint64_t serial) {
    if (slot(serial).load(std::memory_order_acquire) == serial) return true;
    if (overflowing.load(std::memory_order_acquire) == 0) return false;
    std::lock_guard lock(mutex);
    return overflow.contains(serial);
  }

 private:
  std::atomic<std::uint64_t>& slot(std::uint64_t serial) { return ring[serial % slots]; }
};

LiveRecordings& live_recordings() {
  static LiveRecordings l;
  return l;
}

}  // namespace

bool recording_alive(std::uint64_t serial) { return live_recordings().alive(serial); }

void TapeCore::open_recording_scope() {
  const std::lock_guard lock(scope_mutex_);
  if (recording_scopes_ > 0 && recording_thread_ != std::this_thread::get_id())
    throw Error("record(): this tape is recording on another thread; a tape records on one "
                "thread at a time (use a tape per thread)");
  recording_thread_ = std::this_thread::get_id();
  ++recording_scopes_;
}

void TapeCore::end_recording_scope() {
  const std::lock_guard lock(scope_mutex_);
  --recording_scopes_;
}



// A variable outlives many tapes (one per training step): links to
// recordings that are gone are dropped as new ones arrive.
void VariableIdentity::add_link(Link l) {
  std::lock_guard hold(lock_);
  std::erase_if(links_, [](const Link& old) { return !recording_alive(old.tape); });
  links_.push_back(l);
  // The count first: a reader that sees the new newest link (not its tape's)
  // must also see a count above one, or node_on would answer "not linked"
  // for a tape that is, and that tape would watch the variable twice.
  count_.store(static_cast<int>(links_.size()), std::memory_order_release);
  newest_.store(pack(l), std::memory_order_release);
}

TapeCore::TapeCore(TapeOptions o, SourceLoc m)
    : serial(live_recordings().open()), options(o), made(m) {}

TapeCore::~TapeCore() { live_recordings().close(serial); }

std::uint32_t TapeCore::watched_node(const Tensor& t) const {
  const auto it = watched_constants.find(TensorAccess::id(t));
  return it == watched_constants.end() ? no_node : it->second;
}

std::uint32_t TapeCore::watch_on_read(const Tensor& t) {
  if (!is_floating(t.dtype())) return no_node;  // integer variables are never watched
  return add_leaf(t);
}

// Like TensorFlow, a tape ignores integer tensors asked to be watched: they
// have no gradient, and the gradient() call that asks says so.
std::uint32_t TapeCore::watch(const Tensor& t) {
  const std::uint32_t n = node_of(t);
  return n != no_node || !is_floating(t.dtype()) ? n : add_leaf(t);
}

std::uint32_t TapeCore::add_leaf(const Tensor& t) {
  std::uint32_t node;
  if (TensorAccess::is_scalar(t))
    node = append_scalar(Op::leaf, t.dtype(), no_node, no_node, {});
  else
    node = append_rich(Op::leaf, t.dtype(), no_node, no_node, RichEntry{t, {}, t.shape(), {}});
  if (VariableIdentity* v = TensorAccess::variable(t))
    v->add_link({serial, node});
  else
    watched_constants.emplace(TensorAccess::id(t), node);
  return node;
}

std::uint32_t TapeCore::append_rich(Op op, DType d, std::uint32_t in0, std::uint32_t in1,
                                    RichEntry r) {
  const std::uint32_t node = entries.size();
  // Only a product or quotient reads its operands' memory again when the
  // gradient runs (d(a * b)/da is b); a sum does not, so a view added to
  // something may change after it is recorded without harm.
  if (op == Op::mul || op == Op::div || op == Op::matmul) {
    remember_view(r.a, node);
    remember_view(r.b, node);
  }
  rich.push_back(std::move(r));
  return entries.append_rich(op, d, in0, in1);
}

void TapeCore::remember_view(const Tensor& t, std::uint32_t entry) {
  if (!t.defined()) return;
  const Dense* d = TensorAccess::dense_of(t);
  if (!d || !d->is_view()) return;
  for (const ViewRecord& v : views)
    if (v.dense == d) return;
  views.push_back({d, view_checksum(*d), entry});
}

void TapeCore::clear() {
  live_recordings().close(serial);
  serial = live_recordings().open();
  entries.clear();
  rich = {};
  watched_constants = {};
  views = {};
  scalars.clear();
}

std::uint64_t view_checksum(const Dense& d) {
  // FNV-1a over the bytes: any change to the viewed memory changes it.
  std::uint64_t h = 1469598103934665603ull;
  const auto* bytes = reinterpret_cast<const unsigned char*>(d.values);
  const std::size_t n = static_cast<std::size_t>(d.count) * sizeof(double);
  for (std::size_t i = 0; i < n; ++i) h = (h ^ bytes[i]) * 1099511628211ull;
  return h;
}

}  // namespace tape::detail

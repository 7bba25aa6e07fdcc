#include "tape/gradient_tape.hpp"

#include <algorithm>
#include <string>

#include "backward.hpp"
#include "explain.hpp"
#include "record.hpp"
#include "report.hpp"
#include "tape/check_names.hpp"
#include "tape/diagnostics.hpp"
#include "tape/error.hpp"
#include "tape/ops.hpp"
#include "listening.hpp"
#include "scalar_explain.hpp"
#include "tape_core.hpp"
#include "thread_state.hpp"

namespace tape {

using detail::no_node;

RecordingScope::RecordingScope(std::shared_ptr<detail::TapeCore> core, bool recording)
    : core_(std::move(core)), recording_(recording) {
  if (recording_) core_->open_recording_scope();
  id_ = detail::thread_state().push(core_, recording_);
}

RecordingScope::RecordingScope(RecordingScope&& other) noexcept
    : core_(std::move(other.core_)), recording_(other.recording_), id_(other.id_) {}

RecordingScope::~RecordingScope() {
  if (!core_) return;
  detail::thread_state().pop(id_);
  if (recording_) core_->end_recording_scope();
}

GradientTape::GradientTape(TapeOptions options, std::source_location loc)
    : core_(std::make_shared<detail::TapeCore>(options, SourceLoc::from(loc))) {}

GradientTape::GradientTape(GradientTape&&) noexcept = default;

GradientTape& GradientTape::operator=(GradientTape&& other) noexcept {
  if (this != &other) {
    GradientTape old(std::move(*this));
    core_ = std::move(other.core_);
  }
  return *this;
}

GradientTape::~GradientTape() {
  if (core_ && core_->options.persistent && !core_->released)
    detail::report_at(checks::persistent_not_released, core_->made,
                      "this persistent tape was destroyed without release(), so its whole "
                      "recording stayed in memory until then; call tape.release() after its "
                      "last gradient()");
}

detail::TapeCore& GradientTape::core() const {
  if (!core_) throw Error("this GradientTape was moved from; it has no recording");
  return *core_;
}

RecordingScope GradientTape::record() {
  core();  // a moved-from tape cannot record
  return RecordingScope(core_, true);
}

RecordingPause GradientTape::stop_recording() {
  core();
  return RecordingPause(core_, false);
}

void GradientTape::watch(const Tensor& t, std::source_location) {
  if (!t.defined()) throw Error("watch: the tensor is undefined");
  core().watch(t);
}

bool GradientTape::persistent() const { return core().options.persistent; }

GradientTape::Footprint GradientTape::footprint() const {
  const detail::TapeCore& c = core();
  return {.entries = c.entries.size() + c.scalars.nodes,
          .bytes = c.entries.bytes() + c.rich.size() * sizeof(detail::RichEntry) + c.scalars.bytes()};
}

void GradientTape::release() {
  detail::TapeCore& c = core();
  c.released = true;
  c.clear();
}

namespace {

void check_usable(detail::TapeCore& c, SourceLoc at) {
  if (c.released) {
    std::string msg = "gradient() on a tape that was released; take every gradient before release()";
    detail::report_at(checks::use_after_release, at, msg);
    throw TapeReleasedError(msg, checks::use_after_release);
  }
  if (!c.options.persistent && c.answered) {
    std::string msg =
        "a second gradient() on a non-persistent tape, which frees its recording after the "
        "first; construct it with GradientTape({.persistent = true}) to ask several gradients";
    detail::report_at(checks::nonpersistent_reuse, at, msg);
    throw TapeReuseError(msg, checks::nonpersistent_reuse);
  }
  if (c.options.persistent && detail::thread_state().is_recording(&c))
    detail::report_at(checks::gradient_in_scope, at,
                      "gradient() on a persistent tape inside its own recording scope records the "
                      "backward pass too (slow, memory-hungry); call it after the scope ends");
}

// Several findings of one gradient() call share its line: each names its
// source by position.
std::string naming_source(std::string message, std::size_t index, std::size_t count) {
  if (count == 1) return message;
  return "source " + std::to_string(index + 1) + " of " + std::to_string(count) + ": " +
         std::move(message);
}

using ScalarRef = detail::ScalarExplainer::Ref;

// How a recording sees a Scalar (for the explainer).
ScalarRef scalar_ref(const detail::ScalarRecording& r, const Scalar& s) {
  if (detail::recording_tag(s) == r.tag)
    return {.node = detail::ScalarOps::node(s), .tape_value = detail::tape_node(r, s) != no_node};
  return {.key = detail::constant_key(s)};
}

// A source that another tape watched, and which that tape recorded the
// target from: to this tape it is an unwatched constant.
std::optional<detail::ScalarFinding> watched_elsewhere(std::uint32_t own_tag, const Scalar& target,
                                                      const Scalar& source) {
  using Ops = detail::ScalarOps;
  const std::uint32_t tag = Ops::tape(source);
  if (tag == 0 || tag == own_tag || detail::recording_tag(target) != tag)
    return std::nullopt;
  const std::shared_ptr<detail::TapeCore> other = detail::thread_state().recent_scalar_tape(tag);
  bool reached = false;
  if (other)
    other->unless_recording_elsewhere([&] {
      const detail::ScalarRecording& o = other->scalars;
      reached = detail::ScalarExplainer(o, scalar_ref(o, target)).reaches(Ops::node(source));
    });
  if (!reached) return std::nullopt;
  return detail::ScalarFinding{checks::unwatched_source,
                               "the source belongs to another tape, the last one that watched it "
                               "(a Scalar belongs to one tape); watch it on this tape, or ask that "
                               "tape for the gradient"};
}

using ScalarFindings = std::vector<std::optional<detail::ScalarFinding>>;

// What the recording tells of each source (empty: nothing).
ScalarFindings explain_on_tape(const detail::ScalarRecording& r, const Scalar& target,
                               const std::vector<Scalar>& sources) {
  // Sources that are values of this tape, with nothing kept to explain:
  // nothing to ask (the common case, decided without building anything).
  const auto plain_source = [&](const Scalar& s) {
    const std::uint32_t tape = detail::ScalarOps::tape(s);
    return tape == r.tag ? !r.has_former_names() || r.former_name(detail::ScalarOps::node(s)) == no_node
                         : tape == 0 && detail::ScalarOps::node(s) == no_node;
  };
  const bool imports = r.has_shadows() && detail::ConstantNames::here().has_imports();
  if (!r.has_explaining() && !imports && detail::ScalarOps::tape(target) == r.tag &&
      std::all_of(sources.begin(), sources.end(), plain_source))
    return {};
  const ScalarRef target_ref = scalar_ref(r, target);
  std::vector<ScalarRef> refs;
  refs.reserve(sources.size());
  for (const Scalar& s : sources) refs.push_back(scalar_ref(r, s));
  if (!detail::ScalarExplainer::worthwhile(r, target_ref, refs)) return {};
  const detail::ScalarExplainer explainer(r, target_ref);
  ScalarFindings found;
  found.reserve(sources.size());
  for (const ScalarRef& ref : refs) found.push_back(explainer.explain(ref));
  return found;
}

// Reports, per source, a tape the source belongs to that recorded the target
// from it, else what this tape's recording told.
void report_scalar_findings(std::uint32_t own_tag, const Scalar& target,
                            const std::vector<Scalar>& sources, ScalarFindings found, SourceLoc at) {
  for (std::size_t i = 0; i < sources.size(); ++i) {
    std::optional<detail::ScalarFinding> f = watched_elsewhere(own_tag, target, sources[i]);
    if (!f && i < found.size()) f = std::move(found[i]);
    if (f)
      detail::report_at(f->check, at, naming_source(std::move(f->message), i, sources.size()), f->exact);
  }
}

}  // namespace

std::vector<std::optional<Tensor>> GradientTape::gradient(const Tensor& target,
                                                          const std::vector<Tensor>& sources,
                                                          std::source_location loc) {
  return gradient_of(target, sources, loc);
}

std::vector<std::optional<Tensor>> GradientTape::gradient_of_variables(
    const Tensor& target, std::span<const Variable> sources, std::source_location loc) {
  return gradient_of(target, sources, loc);
}

// Sources: tensors, or variables (each usable as a const Tensor&).
template <class Sources>
std::vector<std::optional<Tensor>> GradientTape::gradient_of(const Tensor& target,
                                                             const Sources& sources,
                                                             std::source_location loc) {
  detail::TapeCore& c = core();
  const SourceLoc at = SourceLoc::from(loc);
  check_usable(c, at);
  if (!target.defined()) throw Error("gradient: the target is undefined");
  const std::uint32_t target_node = c.node_of(target);
  const bool explaining = diagnostics::enabled();
  const bool target_elsewhere = explaining && detail::linked_elsewhere(target, c.serial);
  std::vector<std::uint32_t> nodes;
  // What diagnostics will need, decided while each source is in cache.
  std::vector<unsigned char> to_explain, to_record;
  nodes.reserve(sources.size());
  if (explaining) {
    to_explain.reserve(sources.size());
    to_record.reserve(sources.size());
  }
  for (const Tensor& s : sources) {
    if (!s.defined()) throw Error("gradient: a source is undefined");
    nodes.push_back(is_floating(s.dtype()) ? c.node_of(s) : no_node);
    if (!explaining) continue;
    to_explain.push_back(detail::may_explain(c, target, s));
    to_record.push_back(target_elsewhere || detail::linked_elsewhere(s, c.serial));
  }
  std::vector<std::optional<Tensor>> results =
      target_node == no_node ? std::vector<std::optional<Tensor>>(sources.size())
                             : detail::backward(c, target_node, target, nodes);
  if (explaining)
    for (std::size_t i = 0; i < sources.size(); ++i) {
      if (results[i] && to_record[i]) detail::record_gradient(target, sources[i], *results[i], at);
      if (!to_explain[i]) continue;
      if (auto f = detail::explain_gradient(c, target, target_node, sources[i], nodes[i],
                                            !results[i]))
        detail::report_at(f->check, at, naming_source(std::move(f->message), i, sources.size()),
                          f->exact);
    }
  if (!c.options.persistent) {
    c.answered = true;
    c.clear();
  }
  return results;
}

std::optional<Tensor> GradientTape::gradient(const Tensor& target, const Tensor& source,
                                             std::source_location loc) {
  return gradient(target, std::vector<Tensor>{source}, loc).front();
}

Tensor GradientTape::gradient(const Tensor& target, const Tensor& source, Unconnected u,
                              std::source_location loc) {
  std::optional<Tensor> g = gradient(target, source, loc);
  if (g) return *g;
  return u == Unconnected::zero ? zeros(source.shape(), source.dtype()) : Tensor{};
}

void GradientTape::watch(Scalar& s, std::source_location) {
  using Ops = detail::ScalarOps;
  detail::ScalarRecording& r = core().scalars;
  if (Ops::tape(s) == r.tag) return;
  detail::thread_state().note_recent(core_);
  const std::uint32_t leaf = r.append_leaf();
  // A named constant (diagnostics listen) already used, directly or through
  // constants computed from it, keeps its name for the gradient's questions.
  const std::uint32_t name = Ops::tape(s) == 0 ? Ops::node(s) : no_node;
  if (name != no_node && (r.has_shadow(detail::shadow_key(0, name)) ||
                          detail::ConstantNames::here().has_children(name)))
    r.note_former_name(leaf, name);
  s = Ops::make(Ops::value(s), leaf, r.tag);
}

std::optional<double> GradientTape::gradient(const Scalar& target, const Scalar& source,
                                             std::source_location loc) {
  return gradient(target, std::vector<Scalar>{source}, loc).front();
}

std::vector<std::optional<double>> GradientTape::gradient(const Scalar& target,
                                                          const std::vector<Scalar>& sources,
                                                          std::source_location loc) {
  detail::TapeCore& c = core();
  const SourceLoc at = SourceLoc::from(loc);
  check_usable(c, at);
  detail::ScalarRecording& r = c.scalars;
  const std::uint32_t target_node = detail::tape_node(r, target);
  std::vector<std::uint32_t> nodes;
  nodes.reserve(sources.size());
  for (const Scalar& s : sources) nodes.push_back(detail::tape_node(r, s));
  const bool listen = detail::listening();
  const std::uint32_t own_tag = r.tag;  // before a clear() renews it
  std::vector<std::optional<double>> results;
  ScalarFindings found;
  // Under the tape's lock: the diagnostics of the thread that used the tape
  // last may append to its recording meanwhile.
  c.with_scope_lock([&] {
    results = r.gradients(target_node, nodes);
    if (listen) found = explain_on_tape(r, target, sources);
    if (!c.options.persistent) {
      c.answered = true;
      c.clear();
    }
  });
  if (listen) report_scalar_findings(own_tag, target, sources, std::move(found), at);
  return results;
}

}  // namespace tape

// The join: a static finding and a runtime event agree when they name the same
// check at the same line of the same file (columns differ legitimately: the
// analyzer points at the call's callee, std::source_location at whatever the
// compiler chose).
#include <algorithm>
#include <tuple>

#include "Confirm.h"

namespace tape::confirm {

unsigned Finding::column() const {
  if (staticSide) return staticSide->column;
  return runtimeSide ? runtimeSide->column : 0;
}

const std::string& Finding::message() const {
  if (staticSide && !staticSide->message.empty()) return staticSide->message;
  static const std::string none;
  return runtimeSide ? runtimeSide->message : none;
}

std::vector<Finding> join(const std::vector<StaticFinding>& statics,
                          const std::vector<RuntimeEvent>& events) {
  using Key = std::tuple<std::string, std::string, unsigned>;  // check, file, line
  std::map<Key, Finding> byKey;
  auto slot = [&](const std::string& check, const std::string& file, unsigned line) -> Finding& {
    Finding& f = byKey[Key(check, file, line)];
    f.check = check;
    f.file = file;
    f.line = line;
    return f;
  };

  for (const StaticFinding& s : statics) {
    Finding& f = slot(s.check, s.file, s.line);
    if (!f.staticSide) {
      f.staticSide.emplace();
      f.staticSide->column = s.column;
      f.staticSide->message = s.message;
    } else {
      f.staticSide->column = std::min(f.staticSide->column, s.column);
    }
    ++f.staticSide->reports;
  }
  for (const RuntimeEvent& e : events) {
    Finding& f = slot(e.check, e.file, e.line);
    if (!f.runtimeSide) {
      f.runtimeSide.emplace();
      f.runtimeSide->column = e.column;
      f.runtimeSide->message = e.message;
    }
    ++f.runtimeSide->events;
    if (e.evidence != "value") f.runtimeSide->exact = true;
  }

  std::vector<Finding> out;
  out.reserve(byKey.size());
  for (auto& [key, f] : byKey) {
    f.state = f.staticSide && f.runtimeSide ? State::Confirmed
              : f.staticSide                ? State::StaticOnly
                                            : State::RuntimeOnly;
    out.push_back(std::move(f));
  }
  std::stable_sort(out.begin(), out.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.state, a.file, a.line, a.check) < std::tie(b.state, b.file, b.line, b.check);
  });
  return out;
}

Counts count(const std::vector<Finding>& findings) {
  Counts c;
  for (const Finding& f : findings) {
    switch (f.state) {
      case State::Confirmed: ++c.confirmed; break;
      case State::StaticOnly: ++c.staticOnly; break;
      case State::RuntimeOnly: ++c.runtimeOnly; break;
    }
  }
  return c;
}

}  // namespace tape::confirm

// The runtime's half of every finding: misuse reported as events that carry
// the check name and the user's source location.
//
// Sinks: the file named by TAPE_DIAGNOSTICS (one JSON object a line, appended
// and flushed per event) and every live Capture.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace tape::diagnostics {

struct Event {
  std::string check;
  std::string file;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  std::string message;
  // "exact": the runtime saw the misuse itself; "value": it rests on a value
  // that matched an exported one, which could be a coincidence.
  std::string evidence = "exact";
};

// Collects the events raised (on any thread) while it lives.
class Capture {
 public:
  Capture();
  ~Capture();
  Capture(const Capture&) = delete;
  Capture& operator=(const Capture&) = delete;

  std::vector<Event> events() const;
  // The events of one check.
  std::vector<Event> events(const std::string& check) const;
  void clear();

 private:
  friend void report(Event e);
  void add(const Event& e);
  struct Impl;
  Impl* impl_;
};

// Keeps the bookkeeping that explains misuse on while it lives, without
// collecting events. Misuse found at gradient() (an operation outside the
// scope, raw data, ...) is explained from history recorded before that call,
// so a Capture made just around the call needs one of these alive earlier.
class Listener {
 public:
  Listener();
  ~Listener();
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;
};

// True when some sink or Listener listens: bookkeeping that only explains
// misuse is skipped otherwise.
bool enabled();

// Replaces the file sink (TAPE_DIAGNOSTICS is read once, at first use); an
// empty path turns it off. For tests and for programs that configure it.
void set_output_path(const std::string& path);

// Delivers an event to every sink. Never throws: a sink that fails warns once
// on stderr and the program goes on.
void report(Event e);

// The JSON line written for an event (without the newline).
std::string to_json(const Event& e);

}  // namespace tape::diagnostics

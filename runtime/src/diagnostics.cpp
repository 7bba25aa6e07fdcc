#include "tape/diagnostics.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>

#include "listening.hpp"
#include "report.hpp"

namespace tape::detail {
constinit std::atomic<int> listening_sinks{0};
constinit std::atomic<bool> sinks_configured{false};
}  // namespace tape::detail

namespace tape::diagnostics {

namespace {

// The file sink: one O_APPEND descriptor, one write() per event, so lines
// stay whole even when threads or processes append to the same file.
class FileSink {
 public:
  void open(const std::string& path) {
    close();
    path_ = path;
    warned_ = false;
    if (path.empty()) return;
    fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd_ < 0) warn(std::strerror(errno));
  }
  void write(const std::string& line) {
    if (fd_ < 0) return;
    std::size_t done = 0;
    while (done < line.size()) {
      const ssize_t n = ::write(fd_, line.data() + done, line.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        warn(std::strerror(errno));
        return;
      }
      done += static_cast<std::size_t>(n);
    }
  }
  bool active() const { return fd_ >= 0; }
  ~FileSink() { close(); }

 private:
  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  void warn(const char* why) {
    if (warned_) return;
    warned_ = true;
    std::fprintf(stderr, "tape: cannot write diagnostics to '%s' (%s); events go unrecorded\n",
                 path_.c_str(), why);
  }
  std::string path_;
  int fd_ = -1;
  bool warned_ = false;
};

struct Sinks {
  std::mutex mutex;
  FileSink file;
  std::vector<Capture*> captures;
};

Sinks& sinks() {
  static Sinks s;
  return s;
}

// Listening sinks, counted from the first use on, when the file sink that
// TAPE_DIAGNOSTICS names opens.
std::atomic<int>& listeners() {
  if (!detail::sinks_configured.load(std::memory_order_acquire)) {
    Sinks& s = sinks();
    std::lock_guard lock(s.mutex);
    if (!detail::sinks_configured.load(std::memory_order_relaxed)) {
      if (const char* p = std::getenv("TAPE_DIAGNOSTICS")) s.file.open(p);
      if (s.file.active()) ++detail::listening_sinks;
      detail::sinks_configured.store(true, std::memory_order_release);
    }
  }
  return detail::listening_sinks;
}

// The length of the well-formed UTF-8 sequence at s[i], or 0 (RFC 3629: no
// overlong forms, no surrogates, nothing past U+10FFFF).
std::size_t utf8_length(const std::string& s, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char b = byte(i);
  const std::size_t n = b < 0x80 ? 1 : b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3
                      : b >= 0xF0 && b <= 0xF4 ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k)
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  const unsigned char c = n > 1 ? byte(i + 1) : 0;
  if ((b == 0xE0 && c < 0xA0) || (b == 0xED && c > 0x9F) || (b == 0xF0 && c < 0x90) ||
      (b == 0xF4 && c > 0x8F))
    return 0;
  return n;
}

// JSON text must be UTF-8: a byte that starts no valid sequence (a Latin-1
// file name, say) is written as U+FFFD, so the line stays readable.
void append_escaped(std::string& out, const std::string& s) {
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = utf8_length(s, i);
    if (n == 0) {
      out += "\\ufffd";
      ++i;
      continue;
    }
    if (n > 1) {
      out.append(s, i, n);
      i += n;
      continue;
    }
    const char c = s[i++];
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += c;
        }
    }
  }
}

void add_field(std::string& out, const char* name, const std::string& value) {
  out += '"';
  out += name;
  out += "\":\"";
  append_escaped(out, value);
  out += '"';
}

}  // namespace

struct Capture::Impl {
  mutable std::mutex mutex;
  std::vector<Event> events;
};

Capture::Capture() : impl_(new Impl) {
  listeners();  // configure the file sink before counting this capture
  Sinks& s = sinks();
  std::lock_guard lock(s.mutex);
  s.captures.push_back(this);
  ++listeners();
}

Capture::~Capture() {
  {
    Sinks& s = sinks();
    std::lock_guard lock(s.mutex);
    std::erase(s.captures, this);
    --listeners();
  }
  delete impl_;
}

void Capture::add(const Event& e) {
  std::lock_guard lock(impl_->mutex);
  impl_->events.push_back(e);
}

std::vector<Event> Capture::events() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->events;
}

std::vector<Event> Capture::events(const std::string& check) const {
  std::vector<Event> out;
  for (Event& e : events())
    if (e.check == check) out.push_back(std::move(e));
  return out;
}

void Capture::clear() {
  std::lock_guard lock(impl_->mutex);
  impl_->events.clear();
}

Listener::Listener() { ++listeners(); }
Listener::~Listener() { --listeners(); }

bool enabled() { return listeners().load(std::memory_order_relaxed) > 0; }

void set_output_path(const std::string& path) {
  listeners();
  Sinks& s = sinks();
  std::lock_guard lock(s.mutex);
  const bool was = s.file.active();
  s.file.open(path);
  listeners() += (s.file.active() ? 1 : 0) - (was ? 1 : 0);
}

std::string to_json(const Event& e) {
  std::string out = "{";
  add_field(out, "check", e.check);
  out += ',';
  add_field(out, "file", e.file);
  out += ",\"line\":" + std::to_string(e.line) + ",\"column\":" + std::to_string(e.column) + ',';
  add_field(out, "message", e.message);
  out += ',';
  add_field(out, "evidence", e.evidence);
  out += '}';
  return out;
}

void report(Event e) {
  if (!enabled()) return;
  const std::string line = to_json(e) + "\n";
  Sinks& s = sinks();
  std::lock_guard lock(s.mutex);
  s.file.write(line);
  for (Capture* c : s.captures) c->add(e);
}

}  // namespace tape::diagnostics

namespace tape::detail {

void report_at(std::string_view check, SourceLoc at, std::string message, bool exact) {
  if (!diagnostics::enabled()) return;
  diagnostics::Event e;
  e.check = std::string(check);
  e.file = at.file ? at.file : "";
  e.line = at.line;
  e.column = at.column;
  e.message = std::move(message);
  e.evidence = exact ? "exact" : "value";
  diagnostics::report(std::move(e));
}

}  // namespace tape::detail

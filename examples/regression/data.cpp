#include "data.hpp"

#include <cstdint>
#include <istream>
#include <sstream>
#include <stdexcept>

namespace regression {

namespace {

// A small deterministic generator (no <random> distribution differences
// between standard libraries): 64-bit LCG, top bits as a double in [0, 1).
class Lcg {
 public:
  explicit Lcg(unsigned seed) : state_(seed * 6364136223846793005ULL + 1442695040888963407ULL) {}
  double uniform() {
    state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state_ >> 11) / static_cast<double>(1ULL << 53);
  }

 private:
  std::uint64_t state_;
};

std::string trim(const std::string& s) {
  const auto begin = s.find_first_not_of(" \t\r");
  if (begin == std::string::npos) return {};
  return s.substr(begin, s.find_last_not_of(" \t\r") - begin + 1);
}

[[noreturn]] void fail(int line, const std::string& what) {
  throw std::runtime_error("line " + std::to_string(line) + ": " + what);
}

double to_double(const std::string& text, int line) {
  std::size_t used = 0;
  double v = 0;
  try {
    v = std::stod(text, &used);
  } catch (const std::exception&) {
    fail(line, "'" + text + "' is not a number");
  }
  if (used != text.size()) fail(line, "'" + text + "' is not a number");
  return v;
}

}  // namespace

Dataset make_dataset(const std::vector<double>& features, const std::vector<double>& targets,
                     std::int64_t feature_count) {
  const auto rows = static_cast<std::int64_t>(targets.size());
  if (feature_count <= 0 || static_cast<std::int64_t>(features.size()) != rows * feature_count)
    throw std::invalid_argument("make_dataset: features do not form rows of the given width");
  Dataset d;
  d.rows = rows;
  d.features = feature_count;
  d.x = tape::Tensor::from_raw(features.data(), {rows, feature_count});
  d.y = tape::Tensor(targets);
  return d;
}

Dataset make_linear_data(std::int64_t rows, const std::vector<double>& w, double b, double noise,
                         unsigned seed) {
  Lcg rng(seed);
  const auto width = static_cast<std::int64_t>(w.size());
  std::vector<double> x, y;
  for (std::int64_t r = 0; r < rows; ++r) {
    double target = b;
    for (std::int64_t c = 0; c < width; ++c) {
      const double v = 2.0 * rng.uniform() - 1.0;
      x.push_back(v);
      target += w[c] * v;
    }
    y.push_back(target + noise * (2.0 * rng.uniform() - 1.0));
  }
  return make_dataset(x, y, width);
}

Dataset make_classification_data(std::int64_t rows, const std::vector<double>& w, double b,
                                 unsigned seed) {
  Lcg rng(seed);
  const auto width = static_cast<std::int64_t>(w.size());
  std::vector<double> x, y;
  for (std::int64_t r = 0; r < rows; ++r) {
    double score = b;
    for (std::int64_t c = 0; c < width; ++c) {
      const double v = 4.0 * rng.uniform() - 2.0;
      x.push_back(v);
      score += w[c] * v;
    }
    y.push_back(score > 0 ? 1.0 : 0.0);
  }
  return make_dataset(x, y, width);
}

Dataset parse_csv(std::istream& in) {
  std::vector<double> x, y;
  std::int64_t width = -1;
  std::string raw;
  for (int line = 1; std::getline(in, raw); ++line) {
    const std::string text = trim(raw.substr(0, raw.find('#')));
    if (text.empty()) continue;
    std::vector<double> fields;
    std::stringstream row(text);
    for (std::string field; std::getline(row, field, ',');) fields.push_back(to_double(trim(field), line));
    if (fields.size() < 2) fail(line, "a row needs at least one feature and a target");
    const auto features = static_cast<std::int64_t>(fields.size()) - 1;
    if (width >= 0 && features != width)
      fail(line, "expected " + std::to_string(width) + " features, found " + std::to_string(features));
    width = features;
    x.insert(x.end(), fields.begin(), fields.end() - 1);
    y.push_back(fields.back());
  }
  if (width < 0) throw std::runtime_error("no data rows");
  return make_dataset(x, y, width);
}

TrainConfig parse_config(std::istream& in) {
  TrainConfig c;
  std::string raw;
  for (int line = 1; std::getline(in, raw); ++line) {
    const std::string text = trim(raw.substr(0, raw.find('#')));
    if (text.empty()) continue;
    const auto eq = text.find('=');
    if (eq == std::string::npos) fail(line, "expected key = value");
    const std::string key = trim(text.substr(0, eq));
    const std::string value = trim(text.substr(eq + 1));
    if (key == "epochs") {
      c.epochs = static_cast<int>(to_double(value, line));
      if (c.epochs < 0) fail(line, "epochs must not be negative");
    } else if (key == "learning_rate") {
      c.learning_rate = to_double(value, line);
    } else if (key == "loss") {
      c.loss = value;
    } else if (key == "regularizer") {
      c.regularizer = value;
    } else if (key == "strength") {
      c.strength = to_double(value, line);
    } else if (key == "keep_tape") {
      if (value != "true" && value != "false") fail(line, "keep_tape must be true or false");
      c.keep_tape = value == "true";
    } else {
      fail(line, "unknown setting '" + key + "'");
    }
  }
  return c;
}

}  // namespace regression

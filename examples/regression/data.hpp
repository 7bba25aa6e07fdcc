// Datasets and training settings for the regression example.
#pragma once

#include <tape/tape.hpp>

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

namespace regression {

// Rows of features with one target each, held as tape constants.
struct Dataset {
  tape::Tensor x;  // [rows, features]
  tape::Tensor y;  // [rows]
  std::int64_t rows = 0;
  std::int64_t features = 0;
};

// Builds a dataset from row-major features and targets (copies them).
Dataset make_dataset(const std::vector<double>& features, const std::vector<double>& targets,
                     std::int64_t feature_count);

// y = x . w + b + uniform noise in [-noise, noise]; deterministic for a seed.
Dataset make_linear_data(std::int64_t rows, const std::vector<double>& w, double b, double noise,
                         unsigned seed);

// Labels 1.0 where x . w + b > 0, else 0.0; deterministic for a seed.
Dataset make_classification_data(std::int64_t rows, const std::vector<double>& w, double b,
                                 unsigned seed);

// "f1,f2,...,target" lines; blank lines and '#' comments are skipped. Every
// row must have the same number of fields. Throws std::runtime_error naming
// the offending line.
Dataset parse_csv(std::istream& in);

// Training settings, read from "key = value" lines ('#' starts a comment).
struct TrainConfig {
  int epochs = 100;
  double learning_rate = 0.1;
  std::string loss = "mse";          // see loss_by_name()
  std::string regularizer = "none";  // see make_regularizer()
  double strength = 0.0;             // the regularizer's weight
  bool keep_tape = false;            // keep each epoch's tape inspectable (persistent)
};

// Unknown keys and malformed values throw std::runtime_error naming the line.
TrainConfig parse_config(std::istream& in);

}  // namespace regression

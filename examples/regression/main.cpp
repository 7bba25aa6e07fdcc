// regression_demo: fits the example models on synthetic data (or a CSV file)
// and prints what it learned.
//
//   regression_demo [--config FILE] [--csv FILE] [--report]
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>

#include "data.hpp"
#include "model.hpp"
#include "train.hpp"

namespace {

int usage() {
  std::cerr << "usage: regression_demo [--config FILE] [--csv FILE] [--report]\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string config_path, csv_path;
  bool report = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--config" && i + 1 < argc) config_path = argv[++i];
    else if (arg == "--csv" && i + 1 < argc) csv_path = argv[++i];
    else if (arg == "--report") report = true;
    else return usage();
  }
  try {
    regression::TrainConfig config;
    if (!config_path.empty()) {
      std::ifstream in(config_path);
      if (!in) throw std::runtime_error("cannot read " + config_path);
      config = regression::parse_config(in);
    }
    regression::Dataset data;
    if (!csv_path.empty()) {
      std::ifstream in(csv_path);
      if (!in) throw std::runtime_error("cannot read " + csv_path);
      data = regression::parse_csv(in);
    } else {
      data = regression::make_linear_data(200, {1.5, -2.0, 0.5}, 0.25, 0.05, 7);
    }

    regression::LinearModel model(data.features);
    const double loss = regression::fit_linear(model, data, config);
    std::cout << "linear: loss " << loss << ", w =";
    for (double w : model.weights().to_vector()) std::cout << " " << w;
    std::cout << ", b = " << model.bias().item() << "\n";

    const regression::Dataset classes = regression::make_classification_data(200, {1.0, -1.0}, 0.0, 11);
    regression::LogisticModel classifier(classes.features);
    regression::fit_logistic(classifier, classes, 100, 0.5);
    std::cout << "logistic: accuracy " << classifier.accuracy(classes.x, classes.y) << "\n";

    if (report) {
      regression::LinearModel fresh(data.features);
      std::cout << "rescaled fit: loss " << regression::fit_rescaled(fresh, data, 10.0, 50, 0.1) << "\n";
      std::cout << "warm-up slope: " << regression::warmup_slope(100, 0.1) << "\n";
      const std::vector<double> norms = regression::gradient_norms(model, data);
      std::cout << "gradient norms: " << norms[0] << " " << norms[1] << "\n";
    }
  } catch (const std::exception& e) {
    std::cerr << "regression_demo: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

// Training loops and gradient helpers for the regression example.
#pragma once

#include <vector>

#include "data.hpp"
#include "model.hpp"

namespace regression {

struct Gradients {
  tape::Tensor w;
  tape::Tensor b;
};

// d mse / d (w, b) over the whole dataset.
Gradients linear_gradients(LinearModel& model, const Dataset& data);

// One step of plain gradient descent on the mean squared error; returns the
// loss before the step.
double sgd_step(LinearModel& model, const Dataset& data, double learning_rate);

// Trains with the loss, regularizer and settings of a config; returns the
// final training loss.
double fit_linear(LinearModel& model, const Dataset& data, const TrainConfig& config);

// Trains a logistic model with cross-entropy plus a calibration term that
// keeps the mean predicted probability near the base rate; returns the
// final cross-entropy.
double fit_logistic(LogisticModel& model, const Dataset& data, int epochs, double learning_rate);

// d prediction / d input at one input row: how sensitive the model is to
// each of its features there.
std::vector<double> input_sensitivity(const LinearModel& model, const std::vector<double>& features);

// One row's squared error (x . w + b - y)^2 differentiated with respect to
// w and b, written one number at a time on tape::Scalar (online learning:
// a step per example). The result holds d/dw then d/db.
std::vector<double> row_gradient(const std::vector<double>& weights, double bias,
                                 const std::vector<double>& features, double label);

// Diagnostics used only by the demo program (regression_demo --report).
// The norms of d mse / d w and d mse / d b.
std::vector<double> gradient_norms(LinearModel& model, const Dataset& data);
// Fits the model on inputs rescaled by `scale` (a unit change), for epochs.
double fit_rescaled(LinearModel& model, const Dataset& data, double scale, int epochs,
                    double learning_rate);
// How a warm-up learning-rate schedule's rate changes with its step count.
double warmup_slope(int warmup_steps, double base_rate);

}  // namespace regression

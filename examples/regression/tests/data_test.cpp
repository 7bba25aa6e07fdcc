#include <gtest/gtest.h>

#include <sstream>

#include "data.hpp"

namespace regression {
namespace {

TEST(ParseCsv, ReadsFeaturesAndTargets) {
  std::istringstream in("# x1, x2, y\n1, 2, 3\n\n4,5,6  # last row\n");
  const Dataset d = parse_csv(in);
  EXPECT_EQ(d.rows, 2);
  EXPECT_EQ(d.features, 2);
  EXPECT_EQ(d.x.shape(), (tape::Shape{2, 2}));
  EXPECT_EQ(d.x.to_vector(), (std::vector<double>{1, 2, 4, 5}));
  EXPECT_EQ(d.y.to_vector(), (std::vector<double>{3, 6}));
}

TEST(ParseCsv, NamesTheBadLine) {
  std::istringstream ragged("1,2,3\n4,5\n");
  EXPECT_THROW(
      {
        try {
          parse_csv(ragged);
        } catch (const std::runtime_error& e) {
          EXPECT_STREQ(e.what(), "line 2: expected 2 features, found 1");
          throw;
        }
      },
      std::runtime_error);
  std::istringstream word("1,2,x\n");
  EXPECT_THROW(parse_csv(word), std::runtime_error);
  std::istringstream empty("# nothing\n");
  EXPECT_THROW(parse_csv(empty), std::runtime_error);
}

TEST(ParseConfig, ReadsEverySetting) {
  std::istringstream in(
      "epochs = 20\nlearning_rate = 0.05  # small\nloss = huber\n"
      "regularizer = l2\nstrength = 0.01\nkeep_tape = true\n");
  const TrainConfig c = parse_config(in);
  EXPECT_EQ(c.epochs, 20);
  EXPECT_DOUBLE_EQ(c.learning_rate, 0.05);
  EXPECT_EQ(c.loss, "huber");
  EXPECT_EQ(c.regularizer, "l2");
  EXPECT_DOUBLE_EQ(c.strength, 0.01);
  EXPECT_TRUE(c.keep_tape);
}

TEST(ParseConfig, RejectsUnknownKeysAndBadValues) {
  std::istringstream unknown("epochs = 3\nmomentum = 0.9\n");
  EXPECT_THROW(parse_config(unknown), std::runtime_error);
  std::istringstream flag("keep_tape = yes\n");
  EXPECT_THROW(parse_config(flag), std::runtime_error);
}

TEST(SyntheticData, IsDeterministicAndShaped) {
  const Dataset a = make_linear_data(50, {1.0, 2.0}, 0.5, 0.1, 3);
  const Dataset b = make_linear_data(50, {1.0, 2.0}, 0.5, 0.1, 3);
  EXPECT_EQ(a.x.shape(), (tape::Shape{50, 2}));
  EXPECT_EQ(a.y.shape(), (tape::Shape{50}));
  EXPECT_EQ(a.x.to_vector(), b.x.to_vector());
  const Dataset c = make_classification_data(40, {1.0, -1.0}, 0.0, 5);
  for (double label : c.y.to_vector()) EXPECT_TRUE(label == 0.0 || label == 1.0);
}

}  // namespace
}  // namespace regression

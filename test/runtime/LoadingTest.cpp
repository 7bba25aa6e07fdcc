// The runtime linked into a module that a program loads with dlopen.
#include <dlfcn.h>
#include <gtest/gtest.h>

namespace tape_test {
namespace {

TEST(Loading, AModuleEmbeddingTheRuntimeLoadsWithDlopen) {
  void* module = dlopen(TAPE_DLOPEN_PLUGIN, RTLD_NOW | RTLD_LOCAL);
  ASSERT_NE(module, nullptr) << dlerror();
  using Gradient = double (*)();
  const auto gradient = reinterpret_cast<Gradient>(dlsym(module, "tape_plugin_gradient"));
  ASSERT_NE(gradient, nullptr) << dlerror();
  EXPECT_EQ(gradient(), 6.0);  // d(x*x)/dx at 3
  dlclose(module);
}

}  // namespace
}  // namespace tape_test

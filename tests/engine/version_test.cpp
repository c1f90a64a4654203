#include "engine/core/version.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "engine/core/result.hpp"

namespace ce8 {
namespace {

TEST(Version, IsSemanticVersion) {
  const std::string v = version();
  int major = -1, minor = -1, patch = -1;
  ASSERT_EQ(std::sscanf(v.c_str(), "%d.%d.%d", &major, &minor, &patch), 3) << v;
  EXPECT_GE(major, 0);
}

TEST(Result, CarriesValueOrError) {
  Result<int> good = 42;
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 42);
  Result<int> bad = make_error("grid too large: 70000 x 70000 exceeds 16384 x 16384");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("grid too large"), std::string::npos);
}

}  // namespace
}  // namespace ce8

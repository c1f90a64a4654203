// Atomic file writing: the target appears complete or not at all, and failures leave nothing.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "engine/core/atomic_file.hpp"

namespace {

namespace fs = std::filesystem;

std::string read_all(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

struct TempDir {
  fs::path dir;
  TempDir() {
    dir = fs::temp_directory_path() /
          ("ce8_atomic_" + std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  ~TempDir() { fs::remove_all(dir); }
  std::size_t entries() const {
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), {}));
  }
};

TEST(CoreAtomicFile, WritesAndReplacesWholeFiles) {
  TempDir t;
  const std::string path = (t.dir / "out.json").string();
  ASSERT_TRUE(ce8::write_file_atomically(path, "first").ok());
  EXPECT_EQ(read_all(path), "first");
  ASSERT_TRUE(ce8::write_file_atomically(path, std::string(100000, 'x')).ok());
  EXPECT_EQ(read_all(path).size(), 100000u);
  EXPECT_EQ(t.entries(), 1u);  // no temporary file left beside it
  const auto perms = fs::status(path).permissions();
  EXPECT_NE(perms & fs::perms::others_read, fs::perms::none);  // not mkstemp's private 0600
}

TEST(CoreAtomicFile, BadTargetsAreRefusedWithOneLine) {
  TempDir t;
  auto missing = ce8::write_file_atomically((t.dir / "nope" / "out.csv").string(), "x");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("does not exist"), std::string::npos);
  auto folder = ce8::write_file_atomically(t.dir.string(), "x");
  ASSERT_FALSE(folder.ok());
  EXPECT_NE(folder.error().message.find("a folder"), std::string::npos);
  EXPECT_EQ(t.entries(), 0u);
}

TEST(CoreAtomicFile, AnAbandonedFileLeavesNothingAndKeepsTheOldOne) {
  TempDir t;
  const std::string path = (t.dir / "map.tif").string();
  ASSERT_TRUE(ce8::write_file_atomically(path, "old").ok());
  {
    auto f = ce8::AtomicFile::create(path);
    ASSERT_TRUE(f.ok());
    std::ofstream(f->temp_path()) << "half written";
    EXPECT_EQ(t.entries(), 2u);
  }  // not committed: a failure path
  EXPECT_EQ(t.entries(), 1u);
  EXPECT_EQ(read_all(path), "old");
}

}  // namespace

#include "engine/core/atomic_file.hpp"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <system_error>

namespace ce8 {
namespace fs = std::filesystem;

namespace {
fs::path folder_of(const fs::path& target) {
  return target.has_parent_path() ? target.parent_path() : fs::path(".");
}
}  // namespace

Status check_output_path(const std::string& path) {
  const fs::path target(path);
  const fs::path dir = folder_of(target);
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return make_error("cannot write '" + path + "': folder '" + dir.string() + "' does not exist");
  if (fs::is_directory(target, ec)) return make_error("cannot write '" + path + "': a folder");
  return Ok{};
}

Result<AtomicFile> AtomicFile::create(const std::string& path) {
  if (auto s = check_output_path(path); !s) return s.error();
  const fs::path target(path);
  const fs::path dir = folder_of(target);
  std::string tmp = (dir / (target.filename().string() + ".partial-XXXXXX")).string();
  const int fd = mkstemp(tmp.data());
  if (fd < 0) return make_error("cannot create a temporary file in '" + dir.string() + "'");
  close(fd);
  AtomicFile f;
  f.path_ = path;
  f.temp_ = tmp;
  return f;
}

AtomicFile::AtomicFile(AtomicFile&& o) noexcept
    : path_(std::move(o.path_)), temp_(std::move(o.temp_)), done_(o.done_) {
  o.done_ = true;  // the moved-from object owns nothing
}

AtomicFile::~AtomicFile() {
  if (!done_ && !temp_.empty()) std::remove(temp_.c_str());
}

Status AtomicFile::commit() {
  if (done_) return make_error("cannot write '" + path_ + "': already finished");
  done_ = true;
  std::error_code ec;
  fs::permissions(temp_,
                  fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                      fs::perms::others_read,
                  ec);
  fs::rename(temp_, path_, ec);
  if (ec) {
    std::remove(temp_.c_str());
    return make_error("cannot move the finished file to '" + path_ + "': " + ec.message());
  }
  return Ok{};
}

Status write_file_atomically(const std::string& path, const std::string& text) {
  auto file = AtomicFile::create(path);
  if (!file) return file.error();
  std::FILE* f = std::fopen(file->temp_path().c_str(), "wb");
  bool ok = f != nullptr;
  if (ok) {
    ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
    ok = (std::fclose(f) == 0) && ok;
  }
  if (!ok) return make_error("cannot write '" + path + "'");  // ~AtomicFile removes the rest
  return file->commit();
}

}  // namespace ce8

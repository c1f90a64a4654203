// Files written so that nobody ever sees a half-written one and a failure leaves nothing behind:
// the data goes to a unique temporary name in the target's folder, which is renamed over the
// target once complete (rename within a folder is atomic). Used by every writer of the CLI
// (GeoTIFFs, JSON, CSV). Errors are one line and name the path.
#pragma once

#include <string>

#include "engine/core/result.hpp"

namespace ce8 {

// Checks, before any work, that `path` can be written: its folder exists and it is not a folder.
Status check_output_path(const std::string& path);

class AtomicFile {
 public:
  // Checks the path (check_output_path) and creates the temporary file, empty.
  static Result<AtomicFile> create(const std::string& path);
  // Where to write the contents (the temporary file).
  const std::string& temp_path() const { return temp_; }
  // Gives the file the usual permissions of a new file (mkstemp makes it private) and renames
  // it over the target. After a failure the temporary file is gone.
  Status commit();

  AtomicFile(AtomicFile&& other) noexcept;
  AtomicFile& operator=(AtomicFile&&) = delete;
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  ~AtomicFile();  // removes the temporary file unless committed

 private:
  AtomicFile() = default;
  std::string path_, temp_;
  bool done_ = false;
};

// The whole of `text` into `path`, atomically as above.
Status write_file_atomically(const std::string& path, const std::string& text);

}  // namespace ce8

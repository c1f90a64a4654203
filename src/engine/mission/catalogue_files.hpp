// Reading the catalogue from a directory of JSON files (the CLI's --assets DIR, tests). Only
// on request; the app uses the embedded copy (embedded.hpp).
#pragma once

#include <string>

#include "engine/mission/catalogue.hpp"

namespace ce8::mission {

// The whole of a text file, failing (naming the path) when it cannot be read or is larger than
// max_bytes.
Result<std::string> read_text_file(const std::string& path, std::size_t max_bytes);

// The five texts read from DIR/participants.json ... DIR/rovers.json.
struct CatalogueFiles {
  std::string participants, mission, sites, payloads, rovers;
  CatalogueTexts texts() const { return {participants, mission, sites, payloads, rovers}; }
};
Result<CatalogueFiles> read_catalogue_files(const std::string& dir);

}  // namespace ce8::mission

namespace ce8::mission {

// The catalogue with the texts it came from.
struct LoadedCatalogue {
  CatalogueFiles files;
  Catalogue catalogue;
};
// Reads and checks the catalogue of `dir`, or the embedded copy when `dir` is empty.
Result<LoadedCatalogue> load_catalogue_dir_or_embedded(const std::string& dir);

}  // namespace ce8::mission

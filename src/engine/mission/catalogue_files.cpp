#include "engine/mission/catalogue_files.hpp"

#include <fstream>
#include <sstream>

#include "engine/core/limits.hpp"

namespace ce8::mission {

Result<std::string> read_text_file(const std::string& path, std::size_t max_bytes) {
  if (path.size() > kMaxArgumentBytes)
    return make_error("the file path is longer than " + std::to_string(kMaxArgumentBytes) +
                      " bytes");
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error("cannot read '" + path + "'");
  std::string text;
  char buf[8192];
  while (in) {
    in.read(buf, sizeof buf);
    text.append(buf, static_cast<std::size_t>(in.gcount()));
    if (text.size() > max_bytes)
      return make_error("'" + path + "' is larger than " + std::to_string(max_bytes) + " bytes");
  }
  if (in.bad()) return make_error("cannot read '" + path + "'");
  return text;
}

Result<CatalogueFiles> read_catalogue_files(const std::string& dir) {
  CatalogueFiles f;
  std::string* slots[] = {&f.participants, &f.mission, &f.sites, &f.payloads, &f.rovers};
  for (int i = 0; i < 5; ++i) {
    auto t = read_text_file(dir + "/" + kCatalogueKinds[i] + ".json", kMaxCatalogueBytes);
    if (!t) return t.error();
    *slots[i] = std::move(t.value());
  }
  return f;
}

}  // namespace ce8::mission

namespace ce8::mission {

Result<LoadedCatalogue> load_catalogue_dir_or_embedded(const std::string& dir) {
  LoadedCatalogue out;
  if (!dir.empty()) {
    auto files = read_catalogue_files(dir);
    if (!files) return files.error();
    out.files = std::move(files.value());
  } else {
    const CatalogueTexts t = embedded_catalogue_texts();
    out.files = {std::string(t.participants), std::string(t.mission), std::string(t.sites),
                 std::string(t.payloads), std::string(t.rovers)};
  }
  auto cat = load_catalogue(out.files.texts());
  if (!cat) return cat.error();
  out.catalogue = std::move(cat.value());
  return out;
}

}  // namespace ce8::mission

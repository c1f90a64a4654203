#include "app/label_fonts.hpp"

#include <imgui.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "ui/label_language.hpp"

namespace ce8::app {
namespace {

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Merges one language's font, holding exactly the glyphs of its labels, into the last font.
bool merge_language_font(const std::filesystem::path& file, const char* lang, float size_px) {
  if (!std::filesystem::exists(file)) return false;
  ImFontGlyphRangesBuilder builder;
  for (const std::string& label : ui::label_translations(lang)) builder.AddText(label.c_str());
  // The ranges must live until the atlas is built (the first frame): one per language.
  static ImVector<ImWchar> ranges[2];
  ImVector<ImWchar>& r = ranges[std::string_view(lang) == "zh" ? 0 : 1];
  r.clear();
  builder.BuildRanges(&r);
  ImFontConfig cfg;
  cfg.MergeMode = true;
  cfg.OversampleH = 1;
  return ImGui::GetIO().Fonts->AddFontFromFileTTF(file.string().c_str(), size_px, &cfg, r.Data) !=
         nullptr;
}

}  // namespace

void load_label_fonts(const std::string& font_path, float size_px) {
  const std::filesystem::path dir =
      std::filesystem::path(font_path).parent_path().parent_path() / "labels";
  const std::string text = read_text(dir / "labels.json");
  if (text.empty()) return;  // English labels only
  if (auto s = ui::load_label_translations(text); !s) {
    std::fprintf(stderr, "ce8-explorer: %s\n", s.error().message.c_str());
    return;
  }
  ui::set_label_language_usable("zh", merge_language_font(dir / "labels-sc.otf", "zh", size_px));
  ui::set_label_language_usable("ur",
                                merge_language_font(dir / "labels-arabic.ttf", "ur", size_px));
}

}  // namespace ce8::app

// The panel labels in Chinese, Urdu and Turkish (ui/label_language.hpp): the translation table
// and the fonts with their glyphs, written by scripts/imgui-labels next to the app's own font
// (the web bundle preloads them as /assets/labels/).
#pragma once

#include <string>

namespace ce8::app {

// Reads <assets>/labels/labels.json and merges labels-sc.otf and labels-arabic.ttf into the
// ImGui font just added (size in pixels, as that font's). A language whose font is missing
// keeps English labels. font_path: the app's own font, <assets>/fonts/DejaVuSans.ttf.
void load_label_fonts(const std::string& font_path, float size_px);

}  // namespace ce8::app

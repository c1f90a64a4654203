// The panel labels the tour shows, in the session's language (English, Chinese, Urdu,
// Turkish). The table comes from scripts/imgui-labels (web/i18n/panel-labels.json made ready
// for Dear ImGui: Urdu shaped into Arabic presentation forms in visual order, since ImGui cannot
// shape or run text right to left). A label shows in English wherever its language has no
// translation or the app has no glyphs for it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/core/result.hpp"

namespace ce8::ui {

// Reads the table ({"zh": {"Landing sites": "..."}, ...}); refuses text that is not one.
Status load_label_translations(std::string_view json_text);
// The language labels follow ("en", "zh", "ur", "tr"); drawn only where usable(lang) is true.
void set_label_language(std::string_view lang);
// Whether the app can draw a language's labels (the font with its glyphs was loaded).
void set_label_language_usable(std::string_view lang, bool usable);
// Every translated label of one language (to build the font's glyph ranges).
std::vector<std::string> label_translations(std::string_view lang);

// The label in the current language (English where there is none). Valid until the next load.
const char* tr(const char* english);
// The same for an ImGui window or widget: "shown###english", so its id (and its place, its
// open state) stays the same in every language.
const char* tr_id(const char* english);

}  // namespace ce8::ui

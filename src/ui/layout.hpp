// Where panels go. On a wide window each panel has its own place (given by the panel); on a
// narrow one (a phone, or a small window: under kNarrowWidthPx wide) every panel is a sheet over
// the lower part of the view, one at a time, with touch-sized controls, so panels never overlap
// each other and the upper part of the 3D view stays visible.
#pragma once

#include <imgui.h>

namespace ce8::ui {

inline constexpr float kNarrowWidthPx = 700.0f;

// The status line's distance from the view's lower left corner.
inline constexpr float kStatusMarginPx = 10.0f;

// True when panels are laid out as sheets.
bool narrow_screen();

// Below this width a laptop's screen: panels that are reading matter (About, Terrain) open as
// title bars only, one click from their text, so the 3D view stays mostly free.
inline constexpr float kRoomyWidthPx = 1600.0f;

enum class PanelStart { kExpanded, kCollapsedOnLaptops };

// Places the next panel: at `pos` (pivot as ImGui's) with `size` the first time on a wide window
// (pos.x < 0: ImGui's own place), as the sheet on a narrow one.
void place_panel(ImVec2 pos, ImVec2 pivot, ImVec2 size, PanelStart start = PanelStart::kExpanded);

}  // namespace ce8::ui

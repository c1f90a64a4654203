#include "ui/layout.hpp"

#include <algorithm>

namespace ce8::ui {

bool narrow_screen() { return ImGui::GetIO().DisplaySize.x < kNarrowWidthPx; }

void place_panel(ImVec2 pos, ImVec2 pivot, ImVec2 size, PanelStart start) {
  if (!narrow_screen()) {
    if (pos.x >= 0.0f) ImGui::SetNextWindowPos(pos, ImGuiCond_FirstUseEver, pivot);
    ImGui::SetNextWindowSize(size, ImGuiCond_FirstUseEver);
    if (start == PanelStart::kCollapsedOnLaptops && ImGui::GetIO().DisplaySize.x < kRoomyWidthPx)
      ImGui::SetNextWindowCollapsed(true, ImGuiCond_FirstUseEver);
    return;
  }
  // The sheet: full width over the lower 55 % of the view, above the status line (one line of
  // text in its window, at kStatusMarginPx from the bottom).
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const ImGuiStyle& style = ImGui::GetStyle();
  const float status_h =
      ImGui::GetTextLineHeight() + 2.0f * style.WindowPadding.y + kStatusMarginPx + 4.0f;
  const float top = vp->Pos.y + std::max(vp->Size.y * 0.45f, ImGui::GetFrameHeight() + 4.0f);
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x, top), ImGuiCond_Always);
  ImGui::SetNextWindowSize(ImVec2(vp->Size.x, vp->Pos.y + vp->Size.y - top - status_h),
                           ImGuiCond_Always);
  ImGui::SetNextWindowCollapsed(false, ImGuiCond_Always);
}

}  // namespace ce8::ui

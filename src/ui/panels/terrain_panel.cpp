// Terrain: what is drawn (the built-in model or an imported GeoTIFF or LOLA PDS3 product), its
// size, the import button (browser), the label and local-tile switches, and progress of
// background terrain work.
#include <imgui.h>

#include "ui/label_language.hpp"
#include "ui/layout.hpp"
#include "ui/ui.hpp"

namespace ce8::ui {

void draw_terrain_panel(bool* open, UiModel& m) {
  TerrainState& t = m.terrain;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  place_panel(ImVec2(vp->Pos.x + 12, vp->Pos.y + vp->Size.y - 74), ImVec2(0.0f, 1.0f),
              ImVec2(420, 168), PanelStart::kCollapsedOnLaptops);
  if (!ImGui::Begin(tr_id("Terrain"), open)) return ImGui::End();
  ImGui::TextUnformatted(t.source.c_str());
  if (t.width > 0)
    ImGui::TextDisabled("%d x %d cells of %.0f m (%.0f km), heights %.0f .. %.0f m", t.width,
                        t.height, t.cell_m, t.width * t.cell_m / 1000.0, t.min_height_m,
                        t.max_height_m);
  if (t.can_import) {
    if (ImGui::Button("Import DEM...")) m.commands.push_back(session::cmd::OpenImport{});
    ImGui::SetItemTooltip(
        "A GeoTIFF in lunar south polar stereographic (R = 1737.4 km), up to 4096 x 4096 cells, "
        "or a LOLA PDS3 product: pick the .LBL and .IMG together (polar stereographic, or a "
        "simple cylindrical LDEM_4/16/64/128 shown from 80 S to the pole). Files can also be "
        "dropped on the page. They stay on this computer.");
  }
  if (!t.data_note.empty()) ImGui::TextWrapped("%s", t.data_note.c_str());
  if (t.source != "Built-in LOLA terrain") {
    if (t.can_import) ImGui::SameLine();
    if (ImGui::Button("Back to the built-in LOLA terrain"))
      m.commands.push_back(session::cmd::RestoreBuiltin{});
  }
  if (!t.can_import && t.source == "Built-in LOLA terrain")
    ImGui::TextDisabled("Import real DEMs natively with: ce8 terrain info / GDAL");
  ImGui::Checkbox("Labels and site markers", &t.labels);
  ImGui::SameLine();
  ImGui::Checkbox("Local tiles", &t.local_tiles);
  ImGui::SetItemTooltip(
      "Fly to a landing site: a high-resolution tile of the real terrain is built there.");
  if (!t.local_tile.empty()) ImGui::TextDisabled("Local tile: %s", t.local_tile.c_str());
  if (!t.job.empty()) {
    ImGui::ProgressBar(t.job_progress, ImVec2(-1.0f, 0.0f), t.job.c_str());
  }
  ImGui::End();
}

}  // namespace ce8::ui

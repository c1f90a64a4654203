// Landing sites: the four preliminary Chang'e-8 landing regions side by side (coordinates,
// description, terrain, where the numbers come from), with a fly-to button each; below, apart,
// other missions' sites at the pole (NASA's Artemis III candidate regions, IM-2's landing) as
// context, from the catalogue's "context" list, each with its sources.
#include <imgui.h>

#include <string>

#include "ui/label_language.hpp"
#include "ui/layout.hpp"
#include "ui/sites.hpp"
#include "ui/ui.hpp"

namespace ce8::ui {
namespace {

// The catalogue's text of a source id ("" when unknown).
std::string source_text(const mission::Catalogue& cat, const std::string& id) {
  auto kind = cat.sources.find("sites");
  if (kind == cat.sources.end()) return {};
  auto it = kind->second.find(id);
  return it == kind->second.end() ? std::string() : it->second;
}

void draw_change8_sites(UiModel& model, const mission::Catalogue* cat) {
  // Side by side; in a narrow window the columns keep a readable width and scroll sideways.
  const ImGuiTableFlags flags =
      ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_ScrollX;
  const auto sites = landing_sites();
  if (sites.empty() || !ImGui::BeginTable("sites", static_cast<int>(sites.size()), flags)) return;
  for (const NamedSite& s : sites)
    ImGui::TableSetupColumn(s.name.c_str(), ImGuiTableColumnFlags_WidthFixed, 185.0f);
  ImGui::TableHeadersRow();
  ImGui::TableNextRow();
  for (const NamedSite& s : sites) {
    ImGui::TableNextColumn();
    ImGui::PushID(s.id.c_str());
    const mission::LandingSite* c = cat ? cat->find_site(s.id) : nullptr;
    ImGui::Text("%.2f, %.2f E", s.lat_deg, s.lon_deg);
    if (ImGui::Button(tr_id("Fly there"))) fly_to(model, s.lat_deg, s.lon_deg, s.view_distance_m);
    if (c) ImGui::TextWrapped("%s", c->description.c_str());
    if (c && !c->terrain.empty()) ImGui::TextDisabled("Terrain: %s", c->terrain.c_str());
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("Position: %s", s.note.c_str());
    ImGui::PopStyleColor();
    if (c && ImGui::IsItemHovered() && c->assumed.count("lat_deg"))
      ImGui::SetTooltip("%s", c->assumed.at("lat_deg").c_str());
    ImGui::PopID();
  }
  ImGui::EndTable();
}

// Other missions' sites: one row each (mission, name, position with its uncertainty, setting),
// a fly-to button, and the description, the basis of the position and the sources on hover.
void draw_context_sites(UiModel& model, const mission::Catalogue& cat) {
  if (cat.context_sites.empty()) return;
  if (!ImGui::CollapsingHeader("Other missions at the south pole (context)")) return;
  ImGui::TextWrapped(
      "Not Chang'e-8 candidates: NASA's nine Artemis III candidate regions (28 Oct 2024) and "
      "the place IM-2 (Athena) came to rest on Mons Mouton (6 Mar 2025). NASA published the "
      "regions on a map only: their positions here are approximate.");
  const ImGuiTableFlags flags = ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_RowBg |
                                ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_ScrollX;
  if (!ImGui::BeginTable("context-sites", 5, flags)) return;
  ImGui::TableSetupColumn("Mission");
  ImGui::TableSetupColumn("Site");
  ImGui::TableSetupColumn("Position");
  ImGui::TableSetupColumn("Ground");
  ImGui::TableSetupColumn("");
  ImGui::TableHeadersRow();
  for (const mission::LandingSite& s : cat.context_sites) {
    ImGui::PushID(s.id.c_str());
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(s.mission.c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(s.name.c_str());
    if (ImGui::IsItemHovered()) {
      std::string tip = s.description + "\n\nSources:";
      for (const auto& id : s.sources) tip += "\n- " + source_text(cat, id);
      if (s.assumed.count("lat_deg")) tip += "\n\nPosition: " + s.assumed.at("lat_deg");
      ImGui::SetTooltip("%s", tip.c_str());
    }
    ImGui::TableNextColumn();
    ImGui::Text("%.2f, %.2f E  +/- %.0f km", s.lat_deg, s.lon_deg, s.uncertainty_km);
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(s.setting.c_str());
    ImGui::TableNextColumn();
    if (ImGui::SmallButton(tr_id("Fly there"))) fly_to(model, s.lat_deg, s.lon_deg, 70000.0f);
    ImGui::PopID();
  }
  ImGui::EndTable();
}

}  // namespace

void draw_sites_panel(bool* open, UiModel& model) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  // The menu bar is not yet subtracted from WorkPos on the very first frame: offset by hand.
  const float top = vp->Pos.y + ImGui::GetFrameHeight();
  place_panel(ImVec2(vp->Pos.x + vp->Size.x - 12, top + 12), ImVec2(1.0f, 0.0f), ImVec2(400, 200));
  if (!ImGui::Begin(tr_id("Landing sites"), open)) return ImGui::End();
  ImGui::TextWrapped(
      "Preliminary Chang'e-8 landing regions (SpaceNews, Feb 2025); CNSA named the Leibnitz Beta "
      "plateau in April 2025 (Xinhua). Leibnitz Beta is the old name of Mons Mouton (IAU, 2022): "
      "one site under both names.");
  const mission::Catalogue* cat = model.mission.catalogue.get();
  draw_change8_sites(model, cat);
  if (ImGui::Button("Back to the pole"))
    fly_to(model, south_pole().lat_deg, south_pole().lon_deg, south_pole().view_distance_m);
  if (cat) draw_context_sites(model, *cat);
  coming_soon("percent lit, Earth in view, longest night and slopes per site, side by side.");
  ImGui::End();
}

}  // namespace ce8::ui

// ILRS participants: a searchable, sortable table grouped by level (or by region), with join
// dates and Chang'e-7 / Chang'e-8 contributions, from assets/participants.json.
#include <imgui.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "ui/label_language.hpp"
#include "ui/layout.hpp"
#include "ui/ui.hpp"

namespace ce8::ui {
namespace {

bool matches(const mission::Participant& p, const std::string& q) {
  if (q.empty()) return true;
  auto lower = [](std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  std::string hay = p.name + " " + p.country + " " + p.region + " " + p.level;
  for (const auto& c : p.change7) hay += " " + c;
  for (const auto& c : p.change8) hay += " " + c;
  return lower(hay).find(lower(q)) != std::string::npos;
}

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : "; ") + x;
  return s;
}

}  // namespace

void draw_participants_panel(bool* open, UiModel& model) {
  place_panel(ImVec2(-1, -1), ImVec2(0, 0), ImVec2(760, 520));
  if (!ImGui::Begin(tr_id("ILRS participants"), open)) return ImGui::End();
  if (!model.mission.catalogue) {
    ImGui::TextColored(ImVec4(1, 0.5f, 0.4f, 1), "Catalogue unavailable: %s",
                       model.mission.catalogue_error.c_str());
    return ImGui::End();
  }
  const auto& cat = *model.mission.catalogue;
  static char query[64] = "";  // UI-only text field state
  static bool by_region = false;
  paragraph(
      "The International Lunar Research Station, led by China and founded with Russia in "
      "June 2021, and who contributes to Chang'e-7 and Chang'e-8. Dates are when agreements "
      "were reported; blank where none was found.");
  ImGui::SetNextItemWidth(220);
  ImGui::InputTextWithHint("##q", "search name, country, instrument", query, sizeof query);
  ImGui::SameLine();
  ImGui::Checkbox("Group by region", &by_region);
  ImGui::SameLine();
  ImGui::TextDisabled("%d entries", static_cast<int>(cat.participants.size()));

  // Rows to show, grouped.
  std::vector<const mission::Participant*> rows;
  for (const auto& p : cat.participants)
    if (matches(p, query)) rows.push_back(&p);
  std::vector<std::pair<std::string, std::string>> groups;  // key, title
  if (by_region) {
    for (const auto* p : rows)
      if (std::none_of(groups.begin(), groups.end(), [&](auto& g) { return g.first == p->region; }))
        groups.push_back({p->region, p->region});
    std::sort(groups.begin(), groups.end());
  } else {
    for (const auto& l : cat.levels) groups.push_back({l.id, l.name});
  }

  const ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_RowBg |
                                ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY |
                                ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingStretchProp;
  if (ImGui::BeginTable("participants", 4, flags, ImVec2(0, ImGui::GetContentRegionAvail().y))) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Participant", ImGuiTableColumnFlags_DefaultSort, 2.5f);
    ImGui::TableSetupColumn(by_region ? "Level" : "Region", 0, 1.2f);
    ImGui::TableSetupColumn("Joined", 0, 0.8f);
    ImGui::TableSetupColumn("Contributions (Chang'e-7 | Chang'e-8)", ImGuiTableColumnFlags_NoSort,
                            4.0f);
    ImGui::TableHeadersRow();
    int col = 0;
    bool asc = true;
    if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs(); specs && specs->SpecsCount > 0) {
      col = specs->Specs[0].ColumnIndex;
      asc = specs->Specs[0].SortDirection == ImGuiSortDirection_Ascending;
    }
    auto key = [&](const mission::Participant* p) {
      if (col == 1) return by_region ? p->level : p->region;
      if (col == 2) return p->joined.empty() ? std::string("9999") : p->joined;
      return p->name;
    };
    std::stable_sort(rows.begin(), rows.end(),
                     [&](auto* a, auto* b) { return asc ? key(a) < key(b) : key(b) < key(a); });
    for (const auto& g : groups) {
      bool any = false;
      for (const auto* p : rows) any |= (by_region ? p->region : p->level) == g.first;
      if (!any) continue;
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      ImGui::TextColored(ImVec4(0.95f, 0.8f, 0.35f, 1), "%s", g.second.c_str());
      for (const auto* p : rows) {
        if ((by_region ? p->region : p->level) != g.first) continue;
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(p->name.c_str());
        if (ImGui::IsItemHovered()) {
          std::string tip = p->note.empty() ? "" : p->note + "\n";
          tip += "Sources:";
          for (const auto& s : p->sources) {
            auto it = cat.sources.find("participants");
            tip += "\n  " + (it != cat.sources.end() && it->second.count(s) ? it->second.at(s) : s);
          }
          ImGui::SetTooltip("%s", tip.c_str());
        }
        ImGui::TableNextColumn();
        ImGui::TextUnformatted((by_region ? p->level : p->region).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(p->joined.empty() ? "" : p->joined.c_str());
        ImGui::TableNextColumn();
        const std::string c7 = join(p->change7), c8 = join(p->change8);
        if (!c7.empty() || !c8.empty())
          ImGui::TextWrapped("%s | %s", c7.empty() ? "-" : c7.c_str(),
                             c8.empty() ? "-" : c8.c_str());
      }
    }
    ImGui::EndTable();
  }
  ImGui::End();
}

}  // namespace ce8::ui

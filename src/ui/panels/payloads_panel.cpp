// Payloads: the catalogue (lander, Chinese rover, the ten international payloads) and a
// manifest builder with live mass, power and data budgets against the mission's rules.
#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "engine/payload/budget.hpp"
#include "ui/label_language.hpp"
#include "ui/layout.hpp"
#include "ui/ui.hpp"

namespace ce8::ui {
namespace {

bool in_manifest(const payload::Manifest& m, const std::string& id) {
  return std::find(m.payload_ids.begin(), m.payload_ids.end(), id) != m.payload_ids.end();
}

void budget_bar(const char* label, double value, double limit, const char* unit, bool assumed) {
  const float frac = limit > 0 ? static_cast<float>(value / limit) : 0.0f;
  const bool over = value > limit;
  ImGui::PushStyleColor(ImGuiCol_PlotHistogram,
                        over ? ImVec4(0.85f, 0.25f, 0.2f, 1) : ImVec4(0.3f, 0.65f, 0.4f, 1));
  char text[96];
  std::snprintf(text, sizeof text, "%.1f / %.0f %s%s", value, limit, unit,
                assumed ? " (assumed limit)" : "");
  ImGui::ProgressBar(std::min(frac, 1.0f), ImVec2(-160, 0), text);
  ImGui::PopStyleColor();
  ImGui::SameLine();
  ImGui::TextUnformatted(label);
}

std::string constraint_text(const mission::Constraints& c) {
  std::string s;
  if (c.needs_sunlight) s += "sun ";
  if (c.needs_earth_in_view) s += "earth ";
  if (c.needs_quiet) s += "quiet ";
  if (c.must_not_see_sun) s += "no-sun ";
  if (c.must_survive_night) s += "night ";
  return s.empty() ? "-" : s;
}

}  // namespace

void draw_payloads_panel(bool* open, UiModel& model) {
  place_panel(ImVec2(-1, -1), ImVec2(0, 0), ImVec2(760, 600));
  if (!ImGui::Begin(tr_id("Payloads"), open)) return ImGui::End();
  MissionUi& mi = model.mission;
  if (!mi.catalogue) {
    ImGui::TextColored(ImVec4(1, 0.5f, 0.4f, 1), "Catalogue unavailable: %s",
                       mi.catalogue_error.c_str());
    return ImGui::End();
  }
  const auto& cat = *mi.catalogue;
  paragraph(
      "Chang'e-8 offers 200 kg to international payloads, none over 100 kg (CNSA, 2023). "
      "Tick payloads to build a manifest; the budgets update as you go. Values marked * are "
      "the project's assumptions (hover for the basis).");

  const payload::BudgetReport br = payload::evaluate_budget(model.session.manifest, cat);
  ImGui::SeparatorText("Budgets of this manifest");
  budget_bar("international mass", br.totals.international_mass_kg,
             br.rules.international_allocation_kg, "kg", false);
  budget_bar("lander power, all on", br.totals.lander_power_w, br.rules.payload_power_w, "W", true);
  budget_bar("data per day", br.totals.data_mb_per_day, br.rules.payload_data_mb_per_day, "MB",
             true);
  if (br.within_budget()) {
    ImGui::TextColored(ImVec4(0.5f, 0.9f, 0.5f, 1), "Within budget: %d payloads, %.1f kg in all.",
                       br.totals.payload_count, br.totals.mass_kg);
  } else {
    for (const auto& v : br.violations)
      ImGui::TextColored(ImVec4(1.0f, 0.42f, 0.35f, 1), "OVER BUDGET: %s", v.message.c_str());
  }
  if (ImGui::SmallButton("Clear")) model.session.manifest.payload_ids.clear();
  ImGui::SameLine();
  if (ImGui::SmallButton("Selected ten")) {
    model.session.manifest.payload_ids.clear();
    for (const auto& p : cat.payloads)
      if (p.international()) model.session.manifest.payload_ids.push_back(p.id);
  }
  ImGui::SameLine();
  if (ImGui::SmallButton("Copy manifest JSON")) {
    ImGui::SetClipboardText(payload::manifest_to_json(model.session.manifest).c_str());
    mi.manifest_message = "Manifest copied: save it as a .json file for `ce8 payloads`.";
  }
  ImGui::SameLine();
  if (ImGui::SmallButton("Paste manifest JSON")) {
    const char* clip = ImGui::GetClipboardText();
    auto m = payload::parse_manifest(clip ? clip : "", cat);
    if (m) {
      model.session.manifest = std::move(m.value());
      mi.manifest_message = "Manifest loaded.";
    } else {
      mi.manifest_message = "Not loaded, manifest kept: " + m.error().message;
    }
  }
  ImGui::SameLine();
  if (ImGui::SmallButton("Schedule it...")) model.panels.operations = true;
  if (!mi.manifest_message.empty()) ImGui::TextDisabled("%s", mi.manifest_message.c_str());

  ImGui::SeparatorText("Catalogue");
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingStretchProp |
                                ImGuiTableFlags_Resizable;
  if (ImGui::BeginTable("payloads", 7, flags, ImVec2(0, ImGui::GetContentRegionAvail().y))) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Fly", ImGuiTableColumnFlags_WidthFixed, 30);
    ImGui::TableSetupColumn("Payload", ImGuiTableColumnFlags_WidthStretch, 3.0f);
    ImGui::TableSetupColumn("Owner", ImGuiTableColumnFlags_WidthStretch, 2.0f);
    ImGui::TableSetupColumn("kg", ImGuiTableColumnFlags_WidthFixed, 55);
    ImGui::TableSetupColumn("W", ImGuiTableColumnFlags_WidthFixed, 50);
    ImGui::TableSetupColumn("kbit/s", ImGuiTableColumnFlags_WidthFixed, 60);
    ImGui::TableSetupColumn("Needs", ImGuiTableColumnFlags_WidthStretch, 1.6f);
    ImGui::TableHeadersRow();
    std::string carrier;
    for (const auto& p : cat.payloads) {
      if (p.carrier != carrier) {
        carrier = p.carrier;
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(1);
        ImGui::TextColored(ImVec4(0.95f, 0.8f, 0.35f, 1), "%s",
                           carrier == "lander"          ? "Lander"
                           : carrier == "chinese-rover" ? "Chinese rover"
                                                        : "International (200 kg)");
      }
      ImGui::PushID(p.id.c_str());
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      bool on = in_manifest(model.session.manifest, p.id);
      if (ImGui::Checkbox("##fly", &on)) {
        auto& ids = model.session.manifest.payload_ids;
        if (on)
          ids.push_back(p.id);
        else
          ids.erase(std::remove(ids.begin(), ids.end(), p.id), ids.end());
      }
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(p.name.c_str());
      if (ImGui::IsItemHovered() && !p.description.empty())
        ImGui::SetTooltip("%s", p.description.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(p.owner.c_str());
      auto value = [&](const char* field, double v, const char* fmt) {
        ImGui::TableNextColumn();
        const bool over = std::string(field) == "mass_kg" && p.international() &&
                          v > cat.budget.max_single_payload_kg;
        char buf[32];
        std::snprintf(buf, sizeof buf, fmt, v);
        auto a = p.assumed.find(field);
        if (over)
          ImGui::TextColored(ImVec4(1, 0.4f, 0.35f, 1), "%s!", buf);
        else
          ImGui::Text("%s%s", buf, a != p.assumed.end() ? "*" : "");
        if (a != p.assumed.end() && ImGui::IsItemHovered())
          ImGui::SetTooltip("Assumed: %s", a->second.c_str());
      };
      value("mass_kg", p.mass_kg, "%.1f");
      value("power_w", p.power_w, "%.0f");
      value("data_kbps", p.data_kbps, "%.0f");
      ImGui::TableNextColumn();
      ImGui::TextDisabled("%s", constraint_text(p.constraints).c_str());
      ImGui::PopID();
    }
    ImGui::EndTable();
  }
  ImGui::End();
}

}  // namespace ce8::ui

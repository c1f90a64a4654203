// Classroom exercises: pick one, answer with the explorer's state (the Sky panel's site, the
// clock, the manifest builder's list), check it, read the explanation, copy or save the report.
#include <imgui.h>

#include <algorithm>
#include <fstream>

#include "engine/exercise/exercise.hpp"
#include "ui/layout.hpp"
#include "ui/sites.hpp"
#include "ui/ui.hpp"

namespace ce8::ui {

void draw_exercises_panel(bool* open, UiModel& m) {
  place_panel(ImVec2(440, 60), ImVec2(0, 0), ImVec2(520, 480));
  if (!ImGui::Begin("Classroom exercises", open)) {
    ImGui::End();
    return;
  }
  ensure_mission_catalogue(m);
  auto& c = m.classroom;
  const auto& list = exercise::exercises();
  c.exercise = std::clamp(c.exercise, 0, static_cast<int>(list.size()) - 1);
  if (ImGui::BeginCombo("Exercise", list[c.exercise].title)) {
    for (int i = 0; i < static_cast<int>(list.size()); ++i)
      if (ImGui::Selectable(list[i].title, i == c.exercise))
        c.exercise = i, c.exercise_report.clear();
    ImGui::EndCombo();
  }
  const exercise::ExerciseInfo& e = list[c.exercise];
  ImGui::TextWrapped("Goal: %s", e.goal);
  const std::string id = e.id;
  if (id != "manifest-200kg") {
    const auto sites = landing_sites();
    std::vector<const char*> names;
    for (const NamedSite& s : sites) names.push_back(s.name.c_str());
    const int n = static_cast<int>(names.size());
    c.exercise_site = std::clamp(c.exercise_site, 0, std::max(n - 1, 0));
    ImGui::Combo("Your site", &c.exercise_site, names.data(), n);
    ImGui::TextDisabled("Start: the simulation clock (Sky and time panel)");
  }
  if (id != "site-choice")
    ImGui::TextDisabled("Manifest: the Payloads panel's list (%d payloads)",
                        static_cast<int>(m.session.manifest.payload_ids.size()));
  if (ImGui::Button("Check my answer")) {
    if (!m.mission.catalogue) {
      c.exercise_message = "The catalogue is not loaded: " + m.mission.catalogue_error;
    } else {
      exercise::Answer a;
      const auto sites = landing_sites();
      if (c.exercise_site >= 0 && c.exercise_site < static_cast<int>(sites.size()))
        a.site_id = sites[static_cast<std::size_t>(c.exercise_site)].id;
      a.payload_ids = m.session.manifest.payload_ids;
      a.from = m.session.clock.now();
      auto r = exercise::check_exercise(id, a, *m.mission.catalogue);
      if (r) {
        c.exercise_report = r->to_markdown();
        c.exercise_message = r->passed ? "Passed: see the report." : "Not yet: see what to change.";
      } else {
        c.exercise_message = r.error().message;
      }
    }
  }
  if (!c.exercise_report.empty()) {
    ImGui::SameLine();
    if (ImGui::Button("Copy report")) ImGui::SetClipboardText(c.exercise_report.c_str());
    if (c.can_use_files) {
      ImGui::SameLine();
      if (ImGui::Button("Save report.md")) {
        std::ofstream f("exercise-report.md");
        f << c.exercise_report;
        c.exercise_message = f ? "Saved exercise-report.md" : "Could not write exercise-report.md";
      }
    }
  }
  if (!c.exercise_message.empty()) ImGui::TextWrapped("%s", c.exercise_message.c_str());
  if (!c.exercise_report.empty()) {
    ImGui::BeginChild("report", ImVec2(0, 0), true);
    ImGui::TextUnformatted(c.exercise_report.c_str());
    ImGui::EndChild();
  }
  ImGui::End();
}

}  // namespace ce8::ui

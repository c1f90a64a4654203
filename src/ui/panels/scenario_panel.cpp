// Scenario panel: the whole state as JSON (copy, save) and as a shareable link; paste JSON or a
// link (or load a file natively) to restore it. A bad scenario leaves the state as it was.
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <vector>

#include "engine/scenario/scenario.hpp"
#include "ui/layout.hpp"
#include "ui/scenario_bridge.hpp"
#include "ui/ui.hpp"

namespace ce8::ui {

void draw_scenario_panel(bool* open, UiModel& m) {
  place_panel(ImVec2(460, 90), ImVec2(0, 0), ImVec2(460, 420));
  if (!ImGui::Begin("Scenario", open)) {
    ImGui::End();
    return;
  }
  auto& c = m.classroom;
  paragraph(
      "The whole state (site, time, rover, manifest, traverse and view) as a JSON file or a "
      "link that opens the same view in another browser.");
  if (ImGui::Button("Show current as JSON")) {
    ensure_mission_catalogue(m);
    c.scenario_text = scenario::scenario_to_json(capture_scenario(m), 2);
    c.scenario_message = "Current state shown below: select all and copy, or save it.";
  }
  ImGui::SameLine();
  if (ImGui::Button("Copy link")) {
    const std::string frag = scenario::scenario_to_url_fragment(capture_scenario(m));
    const std::string link = c.page_url.empty() ? frag : c.page_url + frag;
    ImGui::SetClipboardText(link.c_str());
    c.set_url_hash = frag;
    c.scenario_text = link;
    c.scenario_message = "Link copied to the clipboard (also shown below).";
  }
  ImGui::TextDisabled("Paste scenario JSON or a link here, then Load:");
  static std::vector<char> buf;
  if (buf.size() != scenario::kMaxScenarioBytes + 1) buf.assign(scenario::kMaxScenarioBytes + 1, 0);
  if (std::string(buf.data()) != c.scenario_text) {
    const std::size_t n = std::min(c.scenario_text.size(), scenario::kMaxScenarioBytes);
    std::copy_n(c.scenario_text.data(), n, buf.data());
    buf[n] = 0;
  }
  if (ImGui::InputTextMultiline("##scenario", buf.data(), buf.size(), ImVec2(-1, 180)))
    c.scenario_text = buf.data();
  if (ImGui::Button("Load")) (void)load_scenario_text(c.scenario_text, m);
  if (c.can_use_files) {
    static char path[512] = "";
    if (path[0] == 0) std::snprintf(path, sizeof path, "%s", c.file_path.c_str());
    ImGui::SetNextItemWidth(220);
    if (ImGui::InputText("File", path, sizeof path)) c.file_path = path;
    ImGui::SameLine();
    if (ImGui::Button("Save")) {
      std::ofstream f(c.file_path, std::ios::binary);
      f << scenario::scenario_to_json(capture_scenario(m), 2) << "\n";
      c.scenario_message = f ? "Saved to " + c.file_path : "Could not write " + c.file_path;
    }
    ImGui::SameLine();
    if (ImGui::Button("Load file")) {
      std::ifstream f(c.file_path, std::ios::binary);
      if (!f) {
        c.scenario_message = "Could not read " + c.file_path + " (nothing changed)";
      } else {
        std::ostringstream ss;
        ss << f.rdbuf();
        const std::string text = ss.str();
        if (text.size() > scenario::kMaxScenarioBytes)
          c.scenario_message = c.file_path + " is larger than 64 KiB (nothing changed)";
        else
          (void)load_scenario_text(text, m);
      }
    }
  }
  if (!c.scenario_message.empty()) ImGui::TextWrapped("%s", c.scenario_message.c_str());
  ImGui::End();
}

}  // namespace ce8::ui

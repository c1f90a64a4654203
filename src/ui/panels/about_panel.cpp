// About: the mission's story in the explorer's own words, with sources.
#include <imgui.h>

#include "ui/layout.hpp"
#include "ui/ui.hpp"

namespace ce8::ui {

void draw_about_panel(bool* open, UiModel& model) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  place_panel(ImVec2(vp->WorkPos.x + 12, vp->Pos.y + ImGui::GetFrameHeight() + 12), ImVec2(0, 0),
              ImVec2(420, 400), PanelStart::kCollapsedOnLaptops);
  if (!ImGui::Begin("About Chang'e-8", open)) return ImGui::End();
  paragraph(
      "Chang'e-8 is China's mission to the Moon's south pole, planned for launch around "
      "2028-2029 on a Long March 5 from Wenchang. With Chang'e-7 it prepares the International "
      "Lunar Research Station (ILRS): it will test how a future base could use local resources, "
      "for example by turning regolith into bricks with concentrated sunlight.");
  ImGui::Spacing();
  paragraph(
      "Besides a lander and a six-wheeled Chinese rover it carries about 200 kg of international "
      "payloads, among them Pakistan's first lunar rover, built by SUPARCO (about 35 kg), and a "
      "pair of 5 kg micro-rovers from Türkiye (METU with Zhejiang University and STAR.VISION).");
  ImGui::Spacing();
  paragraph(
      "At the south pole the Sun never climbs more than about one and a half degrees above the "
      "horizon. "
      "Crater floors can stay dark for billions of years while nearby ridges are lit most of the "
      "time, and the Earth, the link home, dips below the horizon for days. This explorer lets "
      "you see that: where the Sun and the Earth stand, which ground is lit, and how a rover "
      "can drive there without running out of power.");
  ImGui::Spacing();
  ImGui::SeparatorText("Sources");
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  if (model.mission.catalogue) {
    const auto& src = model.mission.catalogue->sources;
    if (auto it = src.find("mission"); it != src.end())
      for (const auto& [id, text] : it->second) ImGui::BulletText("%s", text.c_str());
    ImGui::TextWrapped(
        "Every entry of the catalogue (ILRS participants, sites, payloads, rovers) names its "
        "sources; values nobody has published (most payload powers and data rates, the lander's "
        "power system) are the project's assumptions, marked * with their basis.");
  } else {
    paragraph(
        "SpaceNews (Feb 2025); NDTV (7 Feb 2025); Xinhua (Apr 2025); CNSA announcement of "
        "opportunity (2023), via SCMP and CRI.");
  }
  ImGui::PopStyleColor();
  ImGui::SeparatorText("This build");
  paragraph(
      "The terrain is the real Moon: heights measured by the Lunar Orbiter Laser Altimeter "
      "(LOLA) on NASA's Lunar Reconnaissance Orbiter. LDEM_4 (7.6 km) covers the cap from "
      "70 S; LOLA grids of 200 m and 40 m cover Shackleton and the connecting ridge, and a "
      "5 m tile a site near Shoemaker. Detail finer than the data under it is synthetic.");
  paragraph("Elevation data: NASA / GSFC / LOLA team (public domain).");
  ImGui::End();
}

}  // namespace ce8::ui

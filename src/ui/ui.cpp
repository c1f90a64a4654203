#include "ui/ui.hpp"

#include <algorithm>
#include <cfloat>
#include <string>
#include <vector>

#include "ui/label_language.hpp"
#include "ui/layout.hpp"

#include <imgui.h>

namespace ce8::ui {

void apply_style(float scale) {
  ImGuiStyle& s = ImGui::GetStyle();
  ImGui::StyleColorsDark(&s);
  s.WindowRounding = 8.0f;
  s.FrameRounding = 5.0f;
  s.GrabRounding = 5.0f;
  s.PopupRounding = 6.0f;
  s.ScrollbarRounding = 6.0f;
  s.TabRounding = 5.0f;
  s.WindowBorderSize = 1.0f;
  s.FramePadding = ImVec2(8, 5);
  s.ItemSpacing = ImVec2(8, 6);
  s.WindowPadding = ImVec2(12, 10);
  s.WindowTitleAlign = ImVec2(0.0f, 0.5f);
  ImVec4* c = s.Colors;
  const ImVec4 bg(0.07f, 0.08f, 0.11f, 1.0f);       // overlapping panels must not show through
  const ImVec4 accent(0.86f, 0.22f, 0.20f, 1.00f);  // Chinese red, sparingly
  const ImVec4 steel(0.20f, 0.32f, 0.48f, 1.00f);
  c[ImGuiCol_WindowBg] = bg;
  c[ImGuiCol_PopupBg] = ImVec4(0.09f, 0.10f, 0.13f, 0.97f);
  c[ImGuiCol_MenuBarBg] = ImVec4(0.05f, 0.06f, 0.08f, 1.0f);  // labels must not show through
  c[ImGuiCol_Border] = ImVec4(0.30f, 0.34f, 0.42f, 0.50f);
  c[ImGuiCol_TitleBg] = ImVec4(0.09f, 0.11f, 0.15f, 1.0f);
  c[ImGuiCol_TitleBgActive] = ImVec4(0.12f, 0.17f, 0.25f, 1.0f);
  c[ImGuiCol_TitleBgCollapsed] = ImVec4(0.09f, 0.11f, 0.15f, 1.0f);
  c[ImGuiCol_FrameBg] = ImVec4(0.14f, 0.17f, 0.22f, 1.0f);
  c[ImGuiCol_FrameBgHovered] = ImVec4(0.20f, 0.25f, 0.33f, 1.0f);
  c[ImGuiCol_FrameBgActive] = steel;
  c[ImGuiCol_Button] = ImVec4(0.17f, 0.24f, 0.34f, 1.0f);
  c[ImGuiCol_ButtonHovered] = steel;
  c[ImGuiCol_ButtonActive] = accent;
  c[ImGuiCol_Header] = ImVec4(0.17f, 0.24f, 0.34f, 1.0f);
  c[ImGuiCol_HeaderHovered] = steel;
  c[ImGuiCol_HeaderActive] = steel;
  c[ImGuiCol_SliderGrab] = ImVec4(0.55f, 0.70f, 0.90f, 1.0f);
  c[ImGuiCol_SliderGrabActive] = accent;
  c[ImGuiCol_CheckMark] = ImVec4(0.95f, 0.80f, 0.35f, 1.0f);  // lunar gold
  c[ImGuiCol_Tab] = ImVec4(0.13f, 0.17f, 0.24f, 1.0f);
  c[ImGuiCol_TabActive] = steel;
  c[ImGuiCol_TabHovered] = steel;
  c[ImGuiCol_Text] = ImVec4(0.92f, 0.93f, 0.95f, 1.0f);
  c[ImGuiCol_TextDisabled] = ImVec4(0.55f, 0.58f, 0.64f, 1.0f);
  s.ScaleAllSizes(scale);
}

namespace {
struct PanelRef {
  const char* name;
  bool PanelVisibility::*flag;
};
constexpr PanelRef kPanels[] = {
    {"participants", &PanelVisibility::participants},
    {"sites", &PanelVisibility::sites},
    {"payloads", &PanelVisibility::payloads},
    {"traverse", &PanelVisibility::traverse},
    {"illumination", &PanelVisibility::illumination},
    {"sky", &PanelVisibility::sky},
    {"about", &PanelVisibility::about},
    {"view", &PanelVisibility::view},
    {"operations", &PanelVisibility::operations},
    {"terrain", &PanelVisibility::terrain},
    {"exercises", &PanelVisibility::exercises},
    {"scenario", &PanelVisibility::scenario},
};
}  // namespace

bool* panel_flag(PanelVisibility& panels, std::string_view name) {
  for (const PanelRef& p : kPanels)
    if (name == p.name) return &(panels.*p.flag);
  return nullptr;
}

void fly_to(UiModel& model, double lat_deg, double lon_deg, float distance_m) {
  session::cmd::FlyTo c;
  c.place.lat_deg = lat_deg;
  c.place.lon_deg = lon_deg;
  c.distance_m = distance_m;
  model.commands.push_back(c);
}

void paragraph(const char* text) { ImGui::TextWrapped("%s", text); }

void coming_soon(const char* what) {
  ImGui::Spacing();
  ImGui::TextDisabled("Coming next: %s", what);
}

namespace {

void draw_menu_bar(UiModel& m) {
  if (!ImGui::BeginMainMenuBar()) return;
  // On a phone the menus need the width: the short title, and the frame rate only if it fits.
  const bool narrow = narrow_screen();
  ImGui::TextColored(ImVec4(0.95f, 0.80f, 0.35f, 1.0f), "%s",
                     narrow ? "Chang'e-8" : "Chang'e-8 Mission Explorer");
  ImGui::Separator();
  if (ImGui::BeginMenu("Mission")) {
    ImGui::MenuItem("About Chang'e-8", nullptr, &m.panels.about);
    ImGui::MenuItem(tr_id("ILRS participants"), nullptr, &m.panels.participants);
    ImGui::MenuItem(tr_id("Payloads"), nullptr, &m.panels.payloads);
    ImGui::MenuItem("Payload operations", nullptr, &m.panels.operations);
    ImGui::MenuItem("Classroom exercises", nullptr, &m.panels.exercises);
    ImGui::MenuItem("Scenario: save, share, load", nullptr, &m.panels.scenario);
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("Explore")) {
    ImGui::MenuItem(tr_id("Landing sites"), nullptr, &m.panels.sites);
    ImGui::MenuItem(tr_id("Sky and time"), nullptr, &m.panels.sky);
    ImGui::MenuItem(tr_id("Illumination"), nullptr, &m.panels.illumination);
    ImGui::MenuItem(tr_id("Rover traverse"), nullptr, &m.panels.traverse);
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("View")) {
    ImGui::MenuItem("View settings", nullptr, &m.panels.view);
    ImGui::MenuItem(tr_id("Terrain"), nullptr, &m.panels.terrain);
    if (ImGui::MenuItem("Reset camera")) m.commands.push_back(session::cmd::ResetView{});
    ImGui::EndMenu();
  }
  const float w = ImGui::CalcTextSize("000 fps").x + 16.0f;
  ImGui::SameLine();
  if (ImGui::GetCursorPosX() + 8.0f < ImGui::GetWindowWidth() - w) {
    ImGui::SameLine(ImGui::GetWindowWidth() - w);
    ImGui::TextDisabled("%3.0f fps", m.status.fps);
  }
  ImGui::EndMainMenuBar();
}

void draw_status(UiModel& m) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float margin = kStatusMarginPx;
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + margin, vp->Pos.y + vp->Size.y - margin),
                          ImGuiCond_Always, ImVec2(0.0f, 1.0f));
  ImGui::SetNextWindowBgAlpha(0.55f);
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                 ImGuiWindowFlags_AlwaysAutoResize |
                                 ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav;
  if (narrow_screen()) {
    // A phone: one line that fits (the height place_panel leaves for it), touch gestures.
    ImGui::SetNextWindowSizeConstraints(ImVec2(0, 0), ImVec2(vp->Size.x - 2 * margin, FLT_MAX));
    if (ImGui::Begin("##status", nullptr, flags))
      ImGui::TextDisabled("One finger: orbit   Pinch: zoom   Two fingers: pan");
    ImGui::End();
  } else {
    if (ImGui::Begin("##status", nullptr, flags)) {
      ImGui::TextDisabled("Lunar south pole, true scale. %s",
                          m.terrain.data_note_short.empty() ? m.terrain.source.c_str()
                                                            : m.terrain.data_note_short.c_str());
      ImGui::TextDisabled(
          "Drag: orbit   Right-drag / Shift-drag: pan   Wheel / pinch: zoom   "
          "%s",
          m.status.platform.c_str());
    }
    ImGui::End();
  }

  if (!m.status.error.empty()) {
    ImGui::SetNextWindowPos(
        ImVec2(vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + ImGui::GetFrameHeight() + 12),
        ImGuiCond_Always, ImVec2(0.5f, 0.0f));
    ImGui::PushStyleColor(ImGuiCol_WindowBg, ImVec4(0.45f, 0.10f, 0.10f, 0.95f));
    if (ImGui::Begin("##error", nullptr, flags)) {
      ImGui::TextUnformatted(m.status.error.c_str());
      ImGui::SameLine();
      if (ImGui::SmallButton("Dismiss")) m.status.error.clear();
    }
    ImGui::End();
    ImGui::PopStyleColor();
  }
}

// Sheets on a narrow screen: one panel at a time (the one opened last), with touch-sized
// controls (tap targets of at least 40 px).
void keep_one_sheet(UiModel& m) {
  ImGuiStyle& style = ImGui::GetStyle();
  const bool narrow = narrow_screen();
  style.FramePadding = narrow ? ImVec2(12, 12) : ImVec2(8, 5);
  style.ItemSpacing = narrow ? ImVec2(10, 10) : ImVec2(8, 6);
  style.ScrollbarSize = narrow ? 20.0f : 14.0f;
  if (!narrow) {
    m.sheet_shown.clear();
    return;
  }
  std::vector<std::string> open;
  std::string newest;
  for (const char* name : session::kPanelNames) {
    const bool* flag = panel_flag(m.panels, name);
    if (!flag || !*flag) continue;
    open.emplace_back(name);
    if (name != m.sheet_shown) newest = name;
  }
  if (open.empty()) {
    m.sheet_shown.clear();
    return;
  }
  // A panel opened since the last frame wins; else the one already shown stays.
  const std::string keep = !newest.empty() ? newest
                           : std::find(open.begin(), open.end(), m.sheet_shown) != open.end()
                               ? m.sheet_shown
                               : open.back();
  for (const std::string& name : open)
    if (name != keep) *panel_flag(m.panels, name) = false;
  m.sheet_shown = keep;
}

}  // namespace

void draw(UiModel& m) {
  keep_one_sheet(m);
  draw_menu_bar(m);
  ensure_mission_catalogue(m);
  if (m.panels.about) draw_about_panel(&m.panels.about, m);
  if (m.panels.sites) draw_sites_panel(&m.panels.sites, m);
  if (m.panels.participants) draw_participants_panel(&m.panels.participants, m);
  if (m.panels.payloads) draw_payloads_panel(&m.panels.payloads, m);
  if (m.panels.operations) draw_operations_panel(&m.panels.operations, m);
  if (m.panels.sky) draw_sky_panel(&m.panels.sky, m);
  if (m.panels.illumination) draw_illumination_panel(&m.panels.illumination, m);
  if (m.panels.traverse) draw_traverse_panel(&m.panels.traverse, m);
  if (m.panels.view) draw_view_panel(&m.panels.view, m);
  if (m.panels.terrain) draw_terrain_panel(&m.panels.terrain, m);
  if (m.panels.exercises) draw_exercises_panel(&m.panels.exercises, m);
  if (m.panels.scenario) draw_scenario_panel(&m.panels.scenario, m);
  draw_status(m);
}

}  // namespace ce8::ui

// The panels' layout on a phone, without a GPU: Dear ImGui lays out the real panels (ui::draw)
// for a few frames at a phone's size, and the windows it placed are checked against each other.
// On a narrow screen each panel is a sheet over the lower part of the view and the status line
// sits below it: they must not overlap, and neither may leave the screen.
#include <gtest/gtest.h>
#include <imgui.h>
#include <imgui_internal.h>

#include <string>
#include <vector>

#include "engine/session/commands.hpp"
#include "engine/session/session.hpp"
#include "ui/ui.hpp"

namespace {

struct PlacedWindow {
  std::string name;
  ImRect rect;
};

class PhoneLayout : public ::testing::Test {
 protected:
  void SetUp() override {
    context_ = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    ImFontConfig font;
    font.SizePixels = 18.0f;  // about the app's text size on a phone
    io.Fonts->AddFontDefault(&font);
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    ce8::ui::apply_style(1.0f);
  }
  void TearDown() override { ImGui::DestroyContext(context_); }

  // Draws `frames` frames of the panels at w x h and returns the top-level windows shown.
  std::vector<PlacedWindow> draw(ce8::ui::UiModel& model, float w, float h, int frames = 4) {
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(w, h);
    io.DeltaTime = 1.0f / 60.0f;
    for (int k = 0; k < frames; ++k) {
      ImGui::NewFrame();
      ce8::ui::draw(model);
      ImGui::Render();
      model.commands.clear();
    }
    std::vector<PlacedWindow> shown;
    for (ImGuiWindow* win : GImGui->Windows) {
      if (!win->WasActive || win->Hidden || (win->Flags & ImGuiWindowFlags_ChildWindow) ||
          (win->Flags & ImGuiWindowFlags_Tooltip) || (win->Flags & ImGuiWindowFlags_Popup))
        continue;
      if (std::string(win->Name).rfind("Debug##", 0) == 0) continue;  // ImGui's implicit one
      shown.push_back({win->Name, win->Rect()});
    }
    return shown;
  }

  ImGuiContext* context_ = nullptr;
};

const PlacedWindow* find(const std::vector<PlacedWindow>& shown, const std::string& name) {
  for (const PlacedWindow& w : shown)
    if (w.name == name) return &w;
  return nullptr;
}

bool inside(const ImRect& r, float w, float h) {
  return r.Min.x >= 0.0f && r.Min.y >= 0.0f && r.Max.x <= w && r.Max.y <= h;
}

TEST_F(PhoneLayout, EachPanelsSheetLeavesTheStatusLineClearAndOnScreen) {
  for (const auto& [w, h] : {std::pair{390.0f, 844.0f}, std::pair{360.0f, 640.0f}}) {
    for (const char* panel : ce8::session::kPanelNames) {
      SCOPED_TRACE(std::string(panel) + " at " + std::to_string(static_cast<int>(w)) + "x" +
                   std::to_string(static_cast<int>(h)));
      ce8::session::Session session;
      ce8::ui::UiModel model(session);
      model.panels = {};
      *ce8::ui::panel_flag(model.panels, panel) = true;
      const std::vector<PlacedWindow> shown = draw(model, w, h);
      const PlacedWindow* status = find(shown, "##status");
      ASSERT_NE(status, nullptr);
      EXPECT_TRUE(inside(status->rect, w, h))
          << "status line " << status->rect.Min.x << "," << status->rect.Min.y << " - "
          << status->rect.Max.x << "," << status->rect.Max.y;
      int sheets = 0;
      for (const PlacedWindow& win : shown) {
        if (win.name == "##status" || win.name == "##MainMenuBar") continue;
        ++sheets;
        EXPECT_TRUE(inside(win.rect, w, h)) << win.name << " leaves the screen";
        EXPECT_FALSE(win.rect.Overlaps(status->rect))
            << win.name << " ends at y=" << win.rect.Max.y
            << ", the status line starts at y=" << status->rect.Min.y;
      }
      EXPECT_EQ(sheets, 1) << "one sheet at a time";
    }
  }
}

TEST_F(PhoneLayout, OnALaptopTheStatusLineKeepsItsTwoLines) {
  ce8::session::Session session;
  ce8::ui::UiModel model(session);
  model.panels = {};
  const std::vector<PlacedWindow> shown = draw(model, 1280.0f, 800.0f);
  const PlacedWindow* status = find(shown, "##status");
  ASSERT_NE(status, nullptr);
  EXPECT_GT(status->rect.GetHeight(), 2.0f * ImGui::GetTextLineHeight());
}

}  // namespace

// Sky and time: Sun and Earth in the lunar sky. Filled by the ephemeris issue.
#include <imgui.h>

#include "ui/ui.hpp"

namespace ce8::ui {

void draw_sky_panel(bool* open) {
  ImGui::SetNextWindowSize(ImVec2(360, 200), ImGuiCond_FirstUseEver);
  if (!ImGui::Begin("Sky and time", open)) return ImGui::End();
  paragraph("Where the Sun and the Earth stand, seen from a point near the south pole, at the "
            "time of the explorer's one simulation clock.");
  coming_soon("azimuth and elevation of the Sun and Earth, Earth phase, a horizon view and "
              "the time slider.");
  ImGui::End();
}

}  // namespace ce8::ui

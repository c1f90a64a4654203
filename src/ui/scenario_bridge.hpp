// Between the explorer's UiModel and a scenario::Scenario (the whole state as a file or a link).
// Pure functions: no ImGui, no I/O; the app passes the camera pose in and takes it back out.
#pragma once

#include "engine/scenario/scenario.hpp"
#include "ui/ui.hpp"

namespace ce8::ui {

// The scenario of the current state. `camera` is the app's camera pose (the same values the app
// copies into model.classroom.camera each frame).
scenario::Scenario capture_scenario(const UiModel& model, const CameraPose& camera);
inline scenario::Scenario capture_scenario(const UiModel& model) {
  return capture_scenario(model, model.classroom.camera);
}

// Checks the scenario fully (against the catalogue when the model has one loaded) and only then
// changes the model: the clock, the Sky panel's site (a named site, or a map click for a custom
// point), the manifest, rover, traverse, vertical exaggeration, colours, open panels, and
// model.classroom.set_camera (the app moves its camera there and clears it). On error nothing is
// changed and the message names the problem.
ce8::Status apply_scenario(const scenario::Scenario& s, UiModel& model);

// Text (JSON or link) -> apply; the message (ok or error) goes to classroom.scenario_message.
ce8::Status load_scenario_text(std::string_view text, UiModel& model);

}  // namespace ce8::ui

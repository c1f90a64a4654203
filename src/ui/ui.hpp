// The explorer's Dear ImGui interface: a menu bar, one window per panel (one file per panel,
// as in panels/*.cpp), and a status line. Panels read and edit the UiModel they are given;
// they never own application state.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/ephemeris/sky.hpp"
#include "engine/mission/catalogue.hpp"
#include "engine/payload/manifest.hpp"
#include "engine/payload/operations.hpp"
#include "engine/scenario/clock.hpp"
#include "engine/scenario/scenario.hpp"
#include "engine/session/commands.hpp"
#include "engine/session/session.hpp"
#include "engine/traverse/drive.hpp"

namespace ce8::ui {

// The session's types, under the names the panels use.
using session::kSkySiteMapClick;
using session::MapPick;
using session::ViewSettings;
using TraverseResult = traverse::TraverseResult;

struct PanelVisibility {
  bool participants = false;
  bool sites = true;
  bool payloads = false;
  bool traverse = false;
  bool illumination = false;
  bool sky = true;
  bool about = true;
  bool view = false;
  bool operations = false;
  bool terrain = true;
  bool exercises = false;
  bool scenario = false;
};

// The terrain panel (terrain_panel.cpp): what is drawn, import, labels; filled in by the app.
struct TerrainState {
  std::string source = "Built-in LOLA terrain";  // or the imported file's name
  std::string data_note;        // what is real where ("Real Moon: LOLA LDEM_4 ...")
  std::string data_note_short;  // the same in a few words, for the status line
  int width = 0, height = 0;
  double cell_m = 0.0;
  float min_height_m = 0.0f, max_height_m = 0.0f;
  bool can_import = false;    // the browser offers a file picker
  bool labels = true;         // feature labels and landing-site markers
  bool local_tiles = true;    // high-resolution tile around the site flown to
  std::string local_tile;     // what the current local tile is ("" = none)
  std::string job;            // background terrain work in progress ("" = none)
  float job_progress = 0.0f;  // 0..1
};

// The mission catalogue and payload planning (participants, payloads, operations panels).
struct MissionUi {
  std::shared_ptr<const mission::Catalogue> catalogue;  // embedded JSON, loaded on first use
  std::string catalogue_error;
  std::string manifest_message;  // last import/export note or complaint
  int ops_site = 0;              // index into catalogue->sites
  std::string ops_from = "2028-10-20T00:00:00Z";
  float ops_days = 14.0f;
  std::optional<payload::Schedule> schedule;
  std::string ops_message;
};

// Light and line of sight (illumination_panel.cpp): filled by the app (app/illumination_view),
// requests set by the panel and consumed by the app.
struct IlluminationUi {
  // Cast shadows from the horizon map of the regional terrain.
  bool cast_shadows = true;
  bool shadows_ready = false;
  bool shadow_job_running = false;
  float shadow_progress = 0.0f;
  std::string shadow_note;  // grid, directions, build time, per-update time
  bool cancel_shadows = false, restart_shadows = false;
  // Maps over a window: percent lit, Earth in view, permanent shadow.
  float window_days = 29.5f;
  float step_hours = 6.0f;
  bool compute_maps = false, cancel_maps = false;
  bool maps_running = false, maps_ready = false;
  float maps_progress = 0.0f;
  std::string maps_note;  // the window and build time of the maps shown
  struct SiteNumbers {
    const char* name = "";
    float percent_lit = 0.0f, percent_earth = 0.0f, longest_dark_h = 0.0f;
    bool valid = false;
  };
  std::vector<SiteNumbers> sites;  // per landing site, sampled from the maps
  // The timeline of the Sky panel's site over the window (app computes on change).
  std::string series_site;
  std::string series_error;
  double series_from_tt_s = 0.0, series_step_s = 3600.0;
  std::vector<float> series_sun, series_earth;  // visible disk fractions, 0..1
  std::string error;
};

struct Status {
  float fps = 0.0f;
  int triangles = 0;
  std::string platform;  // "WebAssembly (WebGL2)" or "native (OpenGL 3.3)"
  std::string gl_renderer;
  std::string error;  // a message shown in a banner until dismissed
};

// Scenarios and classroom exercises (scenario_panel.cpp, exercises_panel.cpp, scenario_bridge).
struct CameraPose {
  double target_x_m = 0.0, target_y_m = 0.0, distance_m = 420000.0, yaw_deg = 0.0, pitch_deg = 35.0;
};
struct ClassroomUi {
  CameraPose camera;                        // the app copies its camera pose here every frame
  std::optional<CameraPose> set_camera;     // set by apply_scenario, consumed by the app
  std::string page_url;                     // browser: location without the hash (set by the app)
  std::optional<std::string> set_url_hash;  // "#s=...": the app writes it to location.hash
  std::string scenario_text, scenario_message, file_path = "scenario.json";
  bool can_use_files = true;  // false in the browser (copy/paste instead)
  int exercise = 0, exercise_site = 0;
  std::string exercise_report, exercise_message;
};

// Rover traverses (traverse_panel.cpp; planning and drawing in app/traverse_view). The chosen
// rover id and the stops live in the session (`session.rover` / `session.stops`, so scenarios
// and shared links carry them): stops[0] is the start (the lander), stops[1..] the goals in
// order. The panel edits the rest; the app plans in the background and fills the results.
struct MapRect {
  double x0_m = 0.0, y0_m = 0.0, x1_m = 0.0, y1_m = 0.0;
};
struct TraverseExport {
  std::string file_name;  // "traverse.csv"
  std::string mime;       // "text/csv"
  std::string content;
};
struct TraverseUi {
  traverse::RoverModel rover;  // the edited copy of the chosen rover (id = session.rover)
  std::string rover_error;
  int pick = 0;                    // what a click on the terrain does: 0 nothing, 1 start, 2 goal
  std::optional<MapPick> clicked;  // set by the app when pick != 0, consumed by the panel
  int objective = 0;               // traverse::Objective
  bool time_aware = false;
  bool allow_waiting = true;
  bool return_home = false;
  float initial_soc = 1.0f;
  bool plan_requested = false, cancel_requested = false;
  // Filled by the app.
  bool planning = false;
  std::string planning_what;  // stage in progress
  float planning_elapsed_s = 0.0f, planning_budget_s = 0.0f;
  std::string message;  // the last request's one-line error ("" = none); the plan stays
  int plans_done = 0;
  // Playback is a clock mode (session.clock.follow_drive): the Sun lights the drive as it was.
  float play_s = 30.0f;  // wall seconds for the whole drive
  // A new plan: the app frames this map area beside the panel (whose right edge is recorded).
  std::optional<MapRect> frame_route;
  float panel_right_px = 0.0f;
  // Export: the panel builds the text, the app saves (desktop) or downloads it (browser).
  std::string export_base = "traverse";
  std::optional<TraverseExport> export_request;
  std::string export_message;
  bool can_use_files = true;
};

struct UiModel {
  explicit UiModel(session::Session& s) : session(s) {}
  session::Session& session;  // what the panels show (owned by the app)
  // Commands the panels issued this frame, carried out by the app's dispatcher after the UI.
  std::vector<session::Command> commands;
  PanelVisibility panels;
  std::string clock_text;     // what is typed in the Sky panel's time field
  std::string clock_message;  // the one-line complaint about it, if any
  Status status;
  TerrainState terrain;
  MissionUi mission;
  IlluminationUi illumination;
  ClassroomUi classroom;
  TraverseUi traverse;
  std::string sheet_shown;  // narrow screens: the one panel shown as a sheet ("" = none)
};

// The panel's open flag by its name (session::kPanelNames, as scenarios and commands name
// them), or null.
bool* panel_flag(PanelVisibility& panels, std::string_view name);

// Issues the command that moves the camera there smoothly (the Sites panel's "Fly there").
void fly_to(UiModel& model, double lat_deg, double lon_deg, float distance_m);

// Applies the explorer's look (colours, rounding, spacing) to the current ImGui context.
void apply_style(float scale);

// Draws the whole interface for one frame.
void draw(UiModel& model);

// Panels (one file each).
void draw_participants_panel(bool* open, UiModel& model);
void draw_sites_panel(bool* open, UiModel& model);
void draw_payloads_panel(bool* open, UiModel& model);
void draw_traverse_panel(bool* open, UiModel& model);
// Loads the session's rover (the default one if none) for planning, panel open or not.
void ensure_rover(UiModel& model);
void draw_illumination_panel(bool* open, UiModel& model);
void draw_sky_panel(bool* open, UiModel& model);
void draw_about_panel(bool* open, UiModel& model);
void draw_operations_panel(bool* open, UiModel& model);
// Loads the embedded catalogue into model.mission once (operations_panel.cpp).
void ensure_mission_catalogue(UiModel& model);
void draw_view_panel(bool* open, UiModel& model);
void draw_terrain_panel(bool* open, UiModel& model);
void draw_exercises_panel(bool* open, UiModel& model);
void draw_scenario_panel(bool* open, UiModel& model);

// Shared helper: a paragraph of wrapped text.
void paragraph(const char* text);
// "Arrives with a later issue" note, so a visitor knows what is coming.
void coming_soon(const char* what);

}  // namespace ce8::ui

// One traverse request, planned the same way by `ce8 traverse` and the explorer's Traverse
// panel: the same settings and defaults (TraverseSettings), the same sky-table window
// (traverse_sky_window), then the time-aware planner, or the cost map, A* and the drive
// simulation, and for an infeasible drive a suggestion (suggest_fix).
//
// TraverseJob is a jobs::SteppedJob of four stages (sky table; cost map or time-aware plan; path
// search; drive simulation and suggestion): the desktop app runs it on a worker thread, the CLI
// runs it to the end (run_traverse), the single-threaded browser build steps it in slices of
// at most a frame's budget. Every stage is resumable (jobs/task.hpp): a step stops within its
// budget wherever it is (mid cost map, mid A* search, mid drive) and the next step goes on from
// there, so a stepped plan equals the plan run at once, byte for byte.
#pragma once

#include <array>
#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/result.hpp"
#include "engine/ephemeris/sky_table.hpp"
#include "engine/jobs/jobs.hpp"
#include "engine/jobs/task.hpp"
#include "engine/terrain/dem.hpp"
#include "engine/time/time.hpp"
#include "engine/traverse/cost_map.hpp"
#include "engine/traverse/drive.hpp"
#include "engine/traverse/explain.hpp"
#include "engine/traverse/planner.hpp"
#include "engine/traverse/rover.hpp"

namespace ce8::traverse {

// What a user chooses besides the terrain, the rover and the points (the CLI's options, the
// Traverse panel's controls), with the defaults both front ends share.
struct TraverseSettings {
  time::Instant start_time;
  Objective objective = Objective::kTime;
  bool time_aware = false;
  bool allow_waiting = true;
  bool prefer_comm = false;
  bool return_home = false;  // drive back to the start after the last goal
  double initial_soc = 1.0;
  double step_s = 600.0;                 // largest drive simulation step
  double dwell_s = 0.0;                  // time at each stop with instruments on
  double max_days = 30.0;                // longest drive
  std::optional<terrain::MapXy> lander;  // default: the engine's (the start)
  int max_grid = 256;                    // time-aware planning grid side limit
  double wait_step_s = 3600.0;           // time-aware waiting granularity
  double budget_s = 20.0;                // wall clock of one planning run
  int threads = 1;
  // The later-start search (infeasible drives' suggestions, --earliest-start): its span is
  // part of the sky-table window.
  double search_step_s = 6 * 3600.0;
  double search_days = 30.0;
  double suggestion_budget_s = -1.0;  // < 0: 2 x budget_s, at most 60 s
};

struct TraverseRequest {
  terrain::Dem dem;
  std::string grid;  // what the grid is, for display ("local tile, 20 m grid (512 x 512)")
  RoverModel rover;
  terrain::MapXy start;
  std::vector<terrain::MapXy> stops;  // the goals in order (and the start again to return)
  DriveRequest plan;                  // the planners' and the drive simulation's options
  StartSearch suggestion_search;      // behind an infeasible drive's suggestion
  double sky_search_s = 0.0;          // the later-start span the sky table covers
};

// The request for a DEM, a rover, the start and the goals (in order) and the settings.
TraverseRequest make_traverse_request(terrain::Dem dem, std::string grid, RoverModel rover,
                                      terrain::MapXy start, std::vector<terrain::MapXy> goals,
                                      const TraverseSettings& settings);

// The sky table's window for a drive from `start` of at most `max_duration_s`, with a later-start
// search of `search_s`: [start, start + search_s + max_duration_s + 1 h].
struct SkyWindow {
  time::Instant from, until;
};
SkyWindow traverse_sky_window(const time::Instant& start, double max_duration_s, double search_s);
Result<ephemeris::SkyTable> build_traverse_sky(const TraverseRequest& request);
// The same, resumable: a work unit per sky state evaluated, charged to `clock` (may be null).
jobs::Task<Result<ephemeris::SkyTable>> build_traverse_sky_sliced(const TraverseRequest& request,
                                                                  jobs::SliceClock* clock);

// The outcome the front ends show and export.
struct TraverseResult {
  RoverModel rover;  // the model as planned (with the user's edits)
  Objective objective = Objective::kTime;
  bool time_aware = false;
  Plan plan;
  DriveResult drive;
  std::string grid;                 // "local tile, 20 m grid (512 x 512)"
  double planning_s = 0.0;          // wall time of the whole request
  std::array<double, 4> stage_s{};  // wall time of each stage
};

// "Sun and Earth positions", "Cost map" / "Planning through time", "Searching the path",
// "Simulating the drive".
const char* traverse_stage_name(int stage, bool time_aware);

class TraverseJob final : public jobs::SteppedJob {
 public:
  static constexpr int kStages = 4;

  explicit TraverseJob(TraverseRequest request);
  ~TraverseJob() override;
  TraverseJob(const TraverseJob&) = delete;
  TraverseJob& operator=(const TraverseJob&) = delete;

  // Works for about budget_s seconds (at least one work unit), wherever the plan is.
  jobs::JobState step(double budget_s) override;
  // The same, ending the step after `max_units` work units (0: time only) at the latest: for
  // tests that check that every step is bounded.
  jobs::JobState step_within(double budget_s, std::uint64_t max_units);
  double progress() const override;
  jobs::JobState state() const override { return state_.load(std::memory_order_acquire); }
  void cancel() override { cancel_.cancel(); }
  // All that is left on the calling thread (the time-aware planner's horizon map uses the
  // request's threads).
  jobs::JobState run(int threads) override;
  // Work units charged and slices run so far (read from the stepping thread).
  const jobs::SliceClock& clock() const { return clock_; }

  // The stage that runs next (0..3), readable from any thread.
  int stage() const { return stage_.load(std::memory_order_relaxed); }
  const TraverseRequest& request() const { return request_; }
  // After kFailed or kCancelled: one line.
  const std::string& error() const { return error_; }
  // After kDone.
  const std::shared_ptr<TraverseResult>& result() const { return result_; }
  // Wall time of each stage so far (read after the job finished, or from the stepping thread).
  const std::array<double, 4>& stage_s() const { return stage_s_; }
  // After the first stage (for a later-start search over the same table).
  const ephemeris::SkyTable* sky() const { return sky_ ? &*sky_ : nullptr; }

 private:
  jobs::JobState advance(bool sliced, double budget_s, std::uint64_t max_units);
  jobs::Task<bool> pipeline();  // the four stages
  void enter_stage(int stage);
  bool fail(const std::string& message);
  jobs::Task<bool> finish(Plan plan, DriveResult drive);

  TraverseRequest request_;
  jobs::CancelFlag cancel_;
  std::atomic<int> stage_{0};
  std::atomic<jobs::JobState> state_{jobs::JobState::kRunning};
  jobs::JobState outcome_ = jobs::JobState::kRunning;  // what state_ becomes after the stage
  double wall0_ = -1.0;
  double stage_mark_s_ = 0.0;
  std::array<double, 4> stage_s_{};
  jobs::SliceClock clock_;
  std::optional<ephemeris::SkyTable> sky_;
  std::optional<CostMap> costs_;
  std::optional<Plan> plan_;
  std::shared_ptr<TraverseResult> result_;
  std::string error_;
  // Last: the suspended pipeline refers to the members above.
  std::unique_ptr<jobs::TaskRunner<bool>> runner_;
};

// The whole request at once (the CLI): the result, or the failed stage's message.
Result<TraverseResult> run_traverse(TraverseRequest request);

}  // namespace ce8::traverse

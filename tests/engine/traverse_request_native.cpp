// `ce8 traverse` and the explorer plan the same drive for the same inputs (native only: runs the
// ce8 binary). The explorer side is what TraverseView does: the points as latitude/longitude,
// make_traverse_request with the panel's settings, the TraverseJob stepped with a zero budget
// (the smallest slices: each step ends after a few work units);
// the CLI side is the ce8 process reading the same DEM file. Both JSON documents must be equal,
// byte for byte.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <numbers>
#include <string>

#include <unistd.h>

#include "engine/terrain/dem_io.hpp"
#include "engine/terrain/projection.hpp"
#include "engine/traverse/request.hpp"
#include "engine/traverse/rover.hpp"

namespace ce8::traverse {
namespace {

namespace fs = std::filesystem;

std::string run_command(const std::string& command, int& status) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) {
    status = -1;
    return out;
  }
  std::array<char, 4096> buf;
  std::size_t n = 0;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) out.append(buf.data(), n);
  status = pclose(pipe);
  return out;
}

std::string lat_lon_text(terrain::MapXy p) {
  const terrain::LatLon ll = terrain::to_latlon(p);
  char b[80];
  std::snprintf(b, sizeof b, "%.17g,%.17g", ll.lat_rad * 180.0 / std::numbers::pi,
                ll.lon_rad * 180.0 / std::numbers::pi);
  return b;
}

// What the Traverse panel holds for a point (latitude, longitude) and how the view maps it.
terrain::MapXy panel_point(const std::string& text) {
  const double lat = std::strtod(text.c_str(), nullptr);
  const double lon = std::strtod(text.c_str() + text.find(',') + 1, nullptr);
  return terrain::to_map(terrain::latlon_deg(lat, lon));
}

void expect_cli_matches_explorer(bool time_aware, const std::string& objective) {
  // One folder per test and process: ctest runs the tests in parallel.
  const fs::path dir = fs::temp_directory_path() / ("ce8_traverse_request_native_" + objective +
                                                    "_" + std::to_string(getpid()));
  fs::create_directories(dir);
  const std::string dem_path = (dir / "site.tif").string();
  // The DEM and the points of tests/cli/test_traverse.py (a drive the CLI tests know feasible).
  int status = 0;
  const std::string made =
      run_command(std::string(CE8_CLI_BIN) + " terrain generate --out '" + dem_path +
                      "' --size 96 --resolution 20 --center -89.45,222.7 "
                      "--seed 3",
                  status);
  ASSERT_EQ(status, 0) << made;
  auto dem = terrain::read_dem(dem_path);
  ASSERT_TRUE(dem.ok()) << dem.error().message;
  const terrain::MapBounds b = dem->grid.bounds();
  const std::string from = lat_lon_text({b.x_min_m + 450.0, b.y_min_m + 950.0});
  const std::string to = lat_lon_text({b.x_min_m + 1450.0, b.y_min_m + 1350.0});
  const char* start = "2028-10-14T00:00:00";

  // The explorer: the panel's choices, everything else the shared defaults.
  TraverseSettings s;
  s.start_time = *time::parse_iso8601(start);
  s.objective = *parse_objective(objective);
  s.time_aware = time_aware;
  s.threads = std::max(1, jobs::hardware_threads() - 1);
  auto rover = find_rover("chinese-rover");
  ASSERT_TRUE(rover.ok());
  TraverseJob job(
      make_traverse_request(*dem, "local tile", *rover, panel_point(from), {panel_point(to)}, s));
  while (job.step(0.0) == jobs::JobState::kRunning) {
  }
  ASSERT_EQ(job.state(), jobs::JobState::kDone) << job.error();
  const TraverseResult& r = *job.result();
  const std::string explorer = drive_to_json(r.plan, r.drive, r.rover, r.objective);

  const std::string cli =
      run_command(std::string(CE8_CLI_BIN) + " traverse --dem '" + dem_path +
                      "' --rover chinese-rover --from " + from + " --to " + to + " --start " +
                      start + " --objective " + objective + (time_aware ? " --time-aware" : ""),
                  status);
  ASSERT_EQ(status, 0) << cli;
  EXPECT_GT(r.plan.points.size(), 10u);
  EXPECT_EQ(cli, explorer);
  fs::remove_all(dir);
}

TEST(TraverseRequestNative, CliAndExplorerPlanTheSameDrive) {
  expect_cli_matches_explorer(false, "time");
}

TEST(TraverseRequestNative, CliAndExplorerPlanTheSameTimeAwareDrive) {
  expect_cli_matches_explorer(true, "energy");
}

}  // namespace
}  // namespace ce8::traverse

// `ce8 traverse-cost --friction FILE.tif (--from LAT,LON | --from-xy X,Y) (--to LAT,LON |
// --to-xy X,Y) [--connectivity 8|16] [--time-budget S]`: the planner on an isotropic friction
// raster (cost per map metre; nodata or negative = impassable), with r.cost's rule for edge
// costs (map length x mean friction of the cells the move touches). Prints JSON {cost, path,
// ...} on stdout. Used to cross-check the planner against GRASS r.cost / r.drain
// (tests/cli/test_traverse_grass.py).
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/cli_parse.hpp"
#include "cli/command.hpp"
#include "engine/core/parse.hpp"
#include "engine/terrain/dem_io.hpp"
#include "engine/terrain/projection.hpp"
#include "engine/traverse/cost_map.hpp"
#include "engine/traverse/planner.hpp"

namespace ce8::cli {
namespace {

bool parse_pair(const std::string& text, double& a, double& b) {
  auto v = parse_number_list(text, 2, 2);
  if (!v) return false;
  a = (*v)[0];
  b = (*v)[1];
  return true;
}

// One point from --NAME LAT,LON or --NAME-xy X,Y (exactly one of them).
bool point(const std::string& name, const std::string& latlon, const std::string& xy,
           terrain::MapXy& out, std::string& why) {
  if (latlon.empty() == xy.empty()) {
    why = "give exactly one of --" + name + " LAT,LON and --" + name + "-xy X,Y";
    return false;
  }
  double a = 0, b = 0;
  if (!xy.empty()) {
    if (!parse_pair(xy, a, b)) {
      why = "--" + name + "-xy must be X,Y in map metres, got '" + xy + "'";
      return false;
    }
    out = {a, b};
    return true;
  }
  auto p = parse_polar_point_option("--" + name, latlon);
  if (!p) {
    why = p.error().message;
    return false;
  }
  out = *p;
  return true;
}

}  // namespace

void register_traverse_cost(CLI::App& app, Runner& runner) {
  struct Args {
    std::string friction, from, to, from_xy, to_xy;
    int connectivity = 16;
    double time_budget_s = 10.0;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand(
      "traverse-cost",
      "Least-cost path on a friction raster (cost per map metre), with GRASS r.cost's edge "
      "rule; JSON {cost, path} on stdout");
  cmd->add_option("--friction", a->friction, "Friction GeoTIFF (polar stereographic)")->required();
  cmd->add_option("--from", a->from, "Start LAT,LON in degrees");
  cmd->add_option("--from-xy", a->from_xy, "Start X,Y in map metres");
  cmd->add_option("--to", a->to, "Goal LAT,LON in degrees");
  cmd->add_option("--to-xy", a->to_xy, "Goal X,Y in map metres");
  cmd->add_option("--connectivity", a->connectivity, "8 or 16 (knight's moves; default 16)");
  cmd->add_option("--time-budget", a->time_budget_s, "Planning budget in seconds (default 10)");
  cmd->callback([&runner, a] {
    runner.action = [a]() -> int {
      std::string why;
      terrain::MapXy from, to;
      if (!point("from", a->from, a->from_xy, from, why)) return fail(why);
      if (!point("to", a->to, a->to_xy, to, why)) return fail(why);
      if (a->connectivity != 8 && a->connectivity != 16)
        return fail("--connectivity must be 8 or 16, got " + std::to_string(a->connectivity));
      if (!(a->time_budget_s > 0.0 && a->time_budget_s <= 3600.0))
        return fail("--time-budget must be in (0, 3600] seconds");
      auto raster = terrain::read_dem(a->friction);
      if (!raster) return fail(raster.error().message);
      auto map = traverse::friction_cost_map(raster->grid, std::move(raster->height_m));
      if (!map) return fail(map.error().message);
      traverse::PlanRequest req;
      req.start = from;
      req.stops = {to};
      req.connectivity = a->connectivity;
      req.time_budget_s = a->time_budget_s;
      auto plan = traverse::plan_path(*map, req);
      if (!plan) return fail(plan.error().message);
      nlohmann::json j;
      j["cost"] = plan->cost;
      j["distance_m"] = plan->distance_m;
      j["connectivity"] = a->connectivity;
      j["expanded"] = plan->expanded;
      j["elapsed_s"] = plan->elapsed_s;
      j["cell_m"] = map->grid.cell_m;
      nlohmann::json path = nlohmann::json::array();
      for (const auto& p : plan->points)
        path.push_back({{"i", p.i},
                        {"j", p.j},
                        {"x", p.xy.x_m},
                        {"y", p.xy.y_m},
                        {"lat", p.lat_deg},
                        {"lon", p.lon_deg}});
      j["path"] = std::move(path);
      std::cout << j.dump(1) << "\n";
      return kOk;
    };
  });
}

}  // namespace ce8::cli

// The session's clock controller (seek, play, spans, drive playback, revisions) and the typed
// commands parsed from JSON (every command, and the one-line errors for bad ones).
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <variant>

#include "engine/jobs/background.hpp"
#include "engine/session/commands.hpp"
#include "engine/session/session.hpp"
#include "engine/time/time.hpp"

namespace ce8::session {
namespace {

time::Instant utc(const char* text) {
  auto t = time::parse_iso8601(text, time::Scale::kUtc);
  EXPECT_TRUE(t.ok()) << text;
  return t ? *t : time::Instant{};
}

double hours_between(const time::Instant& a, const time::Instant& b) {
  return time::seconds_between(a, b) / 3600.0;
}

TEST(ClockController, SeekStopsAnyAnimationAndBumpsTheRevision) {
  scenario::ClockController c;
  c.play(2);
  const auto rev = c.revision();
  c.seek(utc("2029-01-01T00:00:00Z"));
  EXPECT_EQ(c.mode(), scenario::ClockMode::kStopped);
  EXPECT_GT(c.revision(), rev);
  EXPECT_FALSE(c.advance(1.0));  // stopped: nothing moves
  EXPECT_DOUBLE_EQ(hours_between(utc("2029-01-01T00:00:00Z"), c.now()), 0.0);
}

TEST(ClockController, BadTextKeepsTheClock) {
  scenario::ClockController c;
  const time::Instant before = c.now();
  EXPECT_FALSE(c.seek_iso8601_utc("2029-02-30T00:00:00Z").ok());
  EXPECT_DOUBLE_EQ(time::seconds_between(before, c.now()), 0.0);
}

TEST(ClockController, PlaysAtAListedOrAnyPositiveSpeed) {
  scenario::ClockController c;
  c.seek(utc("2029-01-01T00:00:00Z"));
  ASSERT_TRUE(c.play_at(3600.0).ok());
  EXPECT_EQ(c.clock().speed_index, 2);  // "1 h/s" is listed
  c.advance(0.5);
  EXPECT_NEAR(hours_between(utc("2029-01-01T00:00:00Z"), c.now()), 0.5, 1e-9);
  ASSERT_TRUE(c.play_at(7200.0).ok());  // not listed: kept as given
  EXPECT_DOUBLE_EQ(c.rate_s_per_s(), 7200.0);
  EXPECT_FALSE(c.play_at(0.0).ok());
  EXPECT_FALSE(c.play_at(-5.0).ok());
}

TEST(ClockController, FollowsASpanOnceOrInALoop) {
  scenario::ClockController c;
  const auto from = utc("2029-01-01T00:00:00Z"), until = utc("2029-01-02T00:00:00Z");
  ASSERT_TRUE(c.follow_span({from, until, 4.0, false}).ok());
  EXPECT_EQ(c.mode(), scenario::ClockMode::kSpan);
  c.advance(1.0);  // a quarter of the real time: a quarter of the day
  EXPECT_NEAR(hours_between(from, c.now()), 6.0, 1e-6);
  EXPECT_NEAR(c.span_fraction(), 0.25, 1e-9);
  c.advance(10.0);  // past the end: stops there
  EXPECT_NEAR(hours_between(from, c.now()), 24.0, 1e-6);
  EXPECT_EQ(c.mode(), scenario::ClockMode::kStopped);

  ASSERT_TRUE(c.follow_span({from, until, 4.0, true}).ok());
  c.advance(5.0);  // 1.25 spans: a quarter into the second round
  EXPECT_NEAR(hours_between(from, c.now()), 6.0, 1e-6);
  EXPECT_EQ(c.mode(), scenario::ClockMode::kSpan);
  EXPECT_FALSE(c.follow_span({until, from, 4.0, false}).ok());
  EXPECT_FALSE(c.follow_span({from, until, 0.0, false}).ok());
}

TEST(ClockController, DrivePlaybackResumesInsideTheDriveElseStartsAtItsStart) {
  scenario::ClockController c;
  const auto t0 = utc("2028-10-20T00:00:00Z"), t1 = utc("2028-10-20T10:00:00Z");
  c.seek(utc("2028-10-20T05:00:00Z"));
  ASSERT_TRUE(c.follow_drive(t0, t1, 10.0).ok());
  EXPECT_EQ(c.mode(), scenario::ClockMode::kDrive);
  EXPECT_NEAR(hours_between(t0, c.now()), 5.0, 1e-6);
  c.advance(1.0);  // 10 h over 10 s: one hour
  EXPECT_NEAR(hours_between(t0, c.now()), 6.0, 1e-6);
  c.seek(utc("2029-01-01T00:00:00Z"));
  ASSERT_TRUE(c.follow_drive(t0, t1, 10.0).ok());
  EXPECT_NEAR(hours_between(t0, c.now()), 0.0, 1e-6);
}

TEST(Session, SkyIsRecomputedOnlyWhenTheClockMoved) {
  Session s;
  EXPECT_TRUE(s.update_sky());
  EXPECT_FALSE(s.update_sky());
  const double sun_x = s.sky.sun_body_km.x;
  s.clock.seek(utc("2029-03-01T00:00:00Z"));
  EXPECT_TRUE(s.update_sky());
  EXPECT_NE(s.sky.sun_body_km.x, sun_x);
}

template <class T>
T parse_as(const std::string& json) {
  auto c = command_from_json(json);
  EXPECT_TRUE(c.ok()) << json << ": " << (c ? "" : c.error().message);
  EXPECT_TRUE(c && std::holds_alternative<T>(*c)) << json;
  return c && std::holds_alternative<T>(*c) ? std::get<T>(*c) : T{};
}

TEST(Commands, ParseEveryKind) {
  auto fly = parse_as<cmd::FlyTo>(R"({"cmd":"fly_to","site":"leibnitz-beta"})");
  EXPECT_EQ(fly.place.site, "leibnitz-beta");
  EXPECT_FALSE(fly.distance_m.has_value());
  fly = parse_as<cmd::FlyTo>(R"({"cmd":"fly_to","lat":-89.45,"lon":222.7,"distance_m":8000})");
  EXPECT_DOUBLE_EQ(fly.place.lat_deg, -89.45);
  EXPECT_FLOAT_EQ(*fly.distance_m, 8000.0f);
  EXPECT_EQ(parse_as<cmd::StandHere>(R"({"cmd":"stand_here","site":"cabeus"})").place.site,
            "cabeus");
  auto clock = parse_as<cmd::SetClock>(R"({"cmd":"set_clock","time":"2028-10-20T06:00:00Z"})");
  EXPECT_NEAR(hours_between(utc("2028-10-20T00:00:00Z"), clock.at), 6.0, 1e-9);
  EXPECT_DOUBLE_EQ(parse_as<cmd::Play>(R"({"cmd":"play","speed":86400})").speed_s_per_s, 86400);
  auto span = parse_as<cmd::FollowSpan>(
      R"({"cmd":"follow_span","from":"2028-10-20","until":"2028-11-20","duration_s":12,"loop":true})");
  EXPECT_TRUE(span.span.loop);
  EXPECT_DOUBLE_EQ(span.span.real_s, 12.0);
  EXPECT_EQ(parse_as<cmd::SetOverlay>(R"({"cmd":"overlay","name":"shadow"})").overlay,
            Overlay::kPermanentShadow);
  EXPECT_FALSE(parse_as<cmd::ShowPanels>(R"({"cmd":"show_panels","visible":false})").visible);
  EXPECT_EQ(parse_as<cmd::SetLanguage>(R"({"cmd":"set_language","lang":"ur"})").lang, "ur");
  auto plan = parse_as<cmd::PlanTraverse>(
      R"({"cmd":"plan_traverse","from":[-89.45,222.7],"to":[[-89.4,220],[-89.3,215]],"rover":"pk-suparco-rover","objective":"energy","time_aware":true})");
  EXPECT_EQ(plan.stops.size(), 3u);
  EXPECT_EQ(plan.objective, 1);
  EXPECT_TRUE(plan.time_aware);
  EXPECT_TRUE(parse_as<cmd::ExportTraverse>(R"({"cmd":"export_traverse","format":"json"})").json);
  EXPECT_EQ(parse_as<cmd::ComputeMaps>(R"({"cmd":"compute_maps","backend":"gpu"})").backend,
            cmd::MapsBackend::kGpu);
  EXPECT_EQ(parse_as<cmd::ComputeMaps>(R"({"cmd":"compute_maps","backend":"cpu"})").backend,
            cmd::MapsBackend::kCpu);
  EXPECT_EQ(parse_as<cmd::ComputeMaps>(R"({"cmd":"compute_maps"})").backend,
            cmd::MapsBackend::kAuto);
  EXPECT_FALSE(parse_as<cmd::ComputeMaps>(R"({"cmd":"compute_maps"})").threads.has_value());
  EXPECT_EQ(parse_as<cmd::ComputeMaps>(R"({"cmd":"compute_maps","threads":1})").threads, 1);
  EXPECT_EQ(parse_as<cmd::ComputeMaps>(R"({"cmd":"compute_maps","threads":1.0})").threads, 1);
  const int most = jobs::BackgroundJob::max_threads();
  EXPECT_EQ(
      parse_as<cmd::ComputeMaps>(R"({"cmd":"compute_maps","threads":)" + std::to_string(most) + "}")
          .threads,
      most);
  EXPECT_DOUBLE_EQ(
      parse_as<cmd::SeekTraverse>(R"({"cmd":"seek_traverse","fraction":0.5})").fraction, 0.5);
  parse_as<cmd::GetStatus>(R"({"cmd":"status"})");
  // Every name maps back to itself.
  for (const std::string& name : command_names()) {
    auto c = command_from_json("{\"cmd\":\"" + name + "\"}");
    if (c) EXPECT_EQ(command_name(*c), name);
  }
}

TEST(Commands, BadCommandsGetOneLineErrorsNamingTheProblem) {
  auto expect_error = [](const std::string& json, const std::string& part) {
    auto c = command_from_json(json);
    ASSERT_FALSE(c.ok()) << json;
    EXPECT_NE(c.error().message.find(part), std::string::npos) << c.error().message;
    EXPECT_EQ(c.error().message.find('\n'), std::string::npos);
  };
  expect_error("{\"cmd\":\"fly_to\"", "not valid JSON");
  expect_error("[1,2]", "JSON object");
  expect_error(R"({"site":"cabeus"})", "\"cmd\"");
  expect_error(R"({"cmd":"teleport"})", "unknown command 'teleport'");
  expect_error(R"({"cmd":"fly_to"})", "fly_to: \"site\" is missing");
  expect_error(R"({"cmd":"fly_to","lat":-95,"lon":0})", "\"lat\" must be between -90 and 90");
  expect_error(R"({"cmd":"fly_to","lat":"x","lon":0})", "\"lat\" must be a number");
  expect_error(R"({"cmd":"set_clock","time":"2029-02-30T00:00:00Z"})",
               "set_clock: \"time\" is not a valid UTC time");
  expect_error(R"({"cmd":"play","speed":-1})", "play: \"speed\"");
  expect_error(R"({"cmd":"follow_span","from":"2029-01-02","until":"2029-01-01","duration_s":5})",
               "\"until\" must be after \"from\"");
  expect_error(R"({"cmd":"overlay","name":"heat"})", "must be none, lit, earth, shadow or slope");
  expect_error(R"({"cmd":"set_language","lang":"fr"})", "must be en, zh, ur or tr");
  expect_error(R"({"cmd":"open_panel","name":"secret"})", "is not a panel");
  expect_error(R"({"cmd":"plan_traverse","from":[-89.45],"to":[-89.4,220]})",
               "\"from\" must be [latitude, longitude]");
  expect_error(
      R"({"cmd":"plan_traverse","from":[-89.45,222.7],"to":[-89.4,220],"objective":"fun"})",
      "objective");
  expect_error(R"({"cmd":"export_traverse","format":"xml"})", "must be csv or json");
  expect_error(R"({"cmd":"compute_maps","backend":"tpu"})", "must be auto, gpu or cpu");
  // Threads: a whole number from 1 to the build's most (1 without worker threads).
  const std::string most = std::to_string(jobs::BackgroundJob::max_threads());
  const std::string range =
      jobs::BackgroundJob::max_threads() == 1 ? "can only be 1" : "from 1 to " + most;
  expect_error(R"({"cmd":"compute_maps","threads":"x"})",
               "compute_maps: \"threads\" must be a whole number from 1 to " + most);
  expect_error(R"({"cmd":"compute_maps","threads":1.5})", "must be a whole number");
  expect_error(R"({"cmd":"compute_maps","threads":true})", "must be a whole number");
  expect_error(R"({"cmd":"compute_maps","threads":0})", range + " in this build, not 0");
  expect_error(R"({"cmd":"compute_maps","threads":-1})", range + " in this build, not -1");
  expect_error(R"({"cmd":"compute_maps","threads":99})", range + " in this build, not 99");
  expect_error(R"({"cmd":"compute_maps","threads":1e300})", "compute_maps: \"threads\"");
  expect_error(std::string(20000, ' '), "more than 16 KiB");
}

// Every command line in docs/commands.md's json block parses, and together they name every
// command (the docs cannot fall behind the vocabulary).
TEST(Commands, EveryExampleInTheDocsParses) {
  std::ifstream in(std::string(CE8_DOCS_DIR) + "/commands.md");
  ASSERT_TRUE(in) << "docs/commands.md";
  std::stringstream text;
  text << in.rdbuf();
  std::istringstream lines(text.str());
  std::string line;
  bool in_block = false;
  std::set<std::string> seen;
  while (std::getline(lines, line)) {
    if (line.rfind("```", 0) == 0) {
      in_block = line == "```json";
      continue;
    }
    if (!in_block || line.empty()) continue;
    auto c = command_from_json(line);
    ASSERT_TRUE(c.ok()) << line << ": " << c.error().message;
    seen.insert(command_name(*c));
  }
  for (const std::string& name : command_names()) EXPECT_TRUE(seen.count(name)) << name;
}

}  // namespace
}  // namespace ce8::session

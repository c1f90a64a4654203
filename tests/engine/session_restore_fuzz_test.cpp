// The saved session the page keeps in the browser (web/session.js) comes back through the
// scenario parser (scenario_from_text, then the app's apply). Whatever a damaged or hostile
// localStorage holds, the parser must not crash, and it must either give a valid scenario (one
// that validates and round-trips exactly) or a one-line error starting with "scenario".
// Random bytes, every truncation of a valid session, and seeded random mutations of it.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "engine/mission/catalogue.hpp"
#include "engine/scenario/scenario.hpp"

namespace ce8::scenario {
namespace {

const mission::Catalogue& cat() {
  static const mission::Catalogue c = mission::load_embedded_catalogue().value();
  return c;
}

// What the explorer saves for a visitor who worked a while (every part filled in).
Scenario worked_session() {
  Scenario s;
  s.site = {"leibnitz-beta", -86.3, 38.0, 12.5};
  s.clock.tt_s = 909230469.18392813;
  s.clock.speed_index = 3;
  s.clock.playing = true;
  s.rover = "pk-suparco-rover";
  s.manifest = {"it-laser-retroreflector", "pk-suparco-rover"};
  s.traverse = {{-86.3, 38.0}, {-86.31, 38.2}, {-86.33, 38.5}};
  s.view.target_x_m = 1234.5;
  s.view.target_y_m = -98765.25;
  s.view.distance_m = 40000.0;
  s.view.yaw_deg = 30.0;
  s.view.pitch_deg = 35.0;
  s.view.vertical_exaggeration = 2.0;
  s.view.color_mode = 2;
  s.view.panels = {"sites", "sky", "traverse"};
  return s;
}

struct Outcome {
  int accepted = 0, refused = 0;
};

// The contract for one input: a valid scenario or a clear one-line error.
void check(const std::string& text, Outcome& out) {
  auto r = scenario_from_text(text, &cat());
  if (r.ok()) {
    ++out.accepted;
    ASSERT_TRUE(validate_scenario(r.value(), &cat()).ok()) << text;
    auto again = scenario_from_json(scenario_to_json(r.value()), &cat());
    ASSERT_TRUE(again.ok()) << text;
    EXPECT_EQ(again.value(), r.value()) << text;
    return;
  }
  ++out.refused;
  const std::string& m = r.error().message;
  ASSERT_FALSE(m.empty()) << text;
  EXPECT_EQ(m.rfind("scenario", 0), 0u) << m;
  EXPECT_EQ(m.find('\n'), std::string::npos) << m;
  EXPECT_LT(m.size(), 400u) << m;
}

TEST(SessionRestoreFuzz, RandomBytesAreRefusedWithOneLine) {
  std::mt19937 rng(20261203);
  std::uniform_int_distribution<int> byte(0, 255), length(0, 400);
  Outcome out;
  for (int k = 0; k < 3000; ++k) {
    std::string text(static_cast<std::size_t>(length(rng)), '\0');
    for (char& c : text) c = static_cast<char>(byte(rng));
    if (k % 3 == 0 && !text.empty()) text[0] = '{';  // into the JSON parser, not the URL form
    check(text, out);
  }
  EXPECT_EQ(out.accepted, 0);
}

TEST(SessionRestoreFuzz, EveryTruncationIsRefused) {
  const std::string json = scenario_to_json(worked_session());
  ASSERT_TRUE(scenario_from_json(json, &cat()).ok());
  Outcome out;
  for (std::size_t n = 0; n < json.size(); ++n) check(json.substr(0, n), out);
  EXPECT_EQ(out.accepted, 0);  // a cut-off save (a crash while writing) never half-applies
  const std::string url = scenario_to_url_fragment(worked_session());
  for (std::size_t n = 3; n < url.size(); n += 7) check(url.substr(0, n), out);
}

TEST(SessionRestoreFuzz, MutatedSessionsGiveAValidScenarioOrOneLine) {
  const std::string json = scenario_to_json(worked_session());
  // Pieces a damaged or edited save could hold where a value was.
  const std::vector<std::string> values = {"null",
                                           "true",
                                           "\"\"",
                                           "\"x\"",
                                           "[]",
                                           "{}",
                                           "-1",
                                           "0",
                                           "1e999",
                                           "-1e999",
                                           "NaN",
                                           "1e-400",
                                           "9007199254740993",
                                           "\"leibnitz-beta\"",
                                           "[[1,2]]",
                                           "{\"a\":[[[[[[[[[]]]]]]]]]}"};
  std::mt19937 rng(7);
  auto pick = [&rng](std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
  };
  Outcome out;
  for (int k = 0; k < 6000; ++k) {
    std::string text = json;
    const int edits = 1 + static_cast<int>(pick(3));
    for (int e = 0; e < edits && !text.empty(); ++e) {
      const std::size_t at = pick(text.size());
      switch (pick(5)) {
        case 0:  // a flipped bit
          text[at] = static_cast<char>(text[at] ^ (1 << pick(8)));
          break;
        case 1:  // a cut
          text.erase(at, 1 + pick(12));
          break;
        case 2:  // a stray character
          text.insert(at, 1, "{}[]\",:0-.eE\\ "[pick(14)]);
          break;
        case 3: {  // a value of another type after a key
          const std::size_t colon = text.find(':', at);
          if (colon == std::string::npos) break;
          const std::size_t end = text.find_first_of(",}]", colon + 1);
          text.replace(colon + 1, (end == std::string::npos ? text.size() : end) - colon - 1,
                       values[pick(values.size())]);
          break;
        }
        default:  // a duplicated piece
          text.insert(at, text.substr(pick(text.size()), 1 + pick(20)));
          break;
      }
    }
    check(text, out);
  }
  EXPECT_GT(out.refused, 3000);  // most damage is caught...
  EXPECT_GT(out.accepted, 0);    // ...and harmless edits (a changed digit) still load
}

}  // namespace
}  // namespace ce8::scenario

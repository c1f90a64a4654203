// Scenario JSON and URL forms: exact round trips and one-line errors naming the problem.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "engine/mission/catalogue.hpp"
#include "engine/scenario/scenario.hpp"

namespace ce8::scenario {
namespace {

const mission::Catalogue& cat() {
  static const mission::Catalogue c = mission::load_embedded_catalogue().value();
  return c;
}

Scenario awkward() {
  Scenario s;
  s.site = {"leibnitz-beta", -86.3, 38.0, 1234.5678901234567};
  s.clock.tt_s = 909230469.18392813;
  s.clock.speed_index = 4;
  s.clock.playing = true;
  s.rover = "pk-suparco-rover";
  s.manifest = {"it-laser-retroreflector", "pk-suparco-rover", "lander-seismometer"};
  s.traverse = {{-86.3, 38.0}, {-86.30000000000001, 0.1 + 0.2}, {-89.99999999999999, -1e-300}};
  s.view.target_x_m = 1.0 / 3.0;
  s.view.target_y_m = -123456.78901234567;
  s.view.distance_m = 40000.000000000007;
  s.view.yaw_deg = std::nextafter(45.0, 90.0);
  s.view.pitch_deg = 5e-324;  // the smallest subnormal
  s.view.vertical_exaggeration = 2.5;
  s.view.color_mode = 2;
  s.view.panels = {"about", "sites", "exercises"};
  return s;
}

std::string with(std::string json_text, const std::string& from, const std::string& to) {
  const auto p = json_text.find(from);
  EXPECT_NE(p, std::string::npos) << from;
  if (p != std::string::npos) json_text.replace(p, from.size(), to);
  return json_text;
}

void expect_error(const std::string& text, const std::string& needle) {
  auto r = scenario_from_text(text, &cat());
  ASSERT_FALSE(r.ok()) << text;
  EXPECT_NE(r.error().message.find(needle), std::string::npos) << r.error().message;
  EXPECT_EQ(r.error().message.find('\n'), std::string::npos) << r.error().message;
}

TEST(Scenario, AwkwardScenarioIsValid) { EXPECT_TRUE(validate_scenario(awkward(), &cat()).ok()); }

TEST(Scenario, JsonRoundTripIsExact) {
  const Scenario s = awkward();
  for (int indent : {-1, 2}) {
    const std::string text = scenario_to_json(s, indent);
    auto back = scenario_from_json(text, &cat());
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(back.value(), s);
    // Bit-exact doubles, not just ==.
    EXPECT_EQ(std::signbit(back->traverse[2].lon_deg), true);
    EXPECT_EQ(back->view.pitch_deg, 5e-324);
    EXPECT_EQ(back->view.yaw_deg, std::nextafter(45.0, 90.0));
    EXPECT_EQ(scenario_to_json(back.value(), indent), text);
  }
}

TEST(Scenario, UrlRoundTripIsExact) {
  const Scenario s = awkward();
  const std::string url = scenario_to_url_fragment(s);
  ASSERT_EQ(url.rfind("#s=", 0), 0u);
  for (char c : url.substr(3))
    EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') << c;
  for (const std::string& form :
       {url, url.substr(1), url.substr(3), "https://example.org/explorer/index.html" + url}) {
    auto back = scenario_from_url(form, &cat());
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(back.value(), s);
  }
  auto via_text = scenario_from_text("https://x.org/" + url, &cat());
  ASSERT_TRUE(via_text.ok());
  EXPECT_EQ(via_text.value(), s);
}

TEST(Scenario, Base64UrlMatchesRfc4648) {
  EXPECT_EQ(base64url_encode(""), "");
  EXPECT_EQ(base64url_encode("f"), "Zg");
  EXPECT_EQ(base64url_encode("fo"), "Zm8");
  EXPECT_EQ(base64url_encode("foo"), "Zm9v");
  EXPECT_EQ(base64url_encode("foob"), "Zm9vYg");
  EXPECT_EQ(base64url_encode(std::string("\xfb\xff", 2)), "-_8");
  for (int n = 0; n < 40; ++n) {
    std::string bytes;
    for (int i = 0; i < n; ++i) bytes += static_cast<char>((i * 97 + n * 31) & 0xFF);
    auto back = base64url_decode(base64url_encode(bytes));
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(back.value(), bytes);
  }
  EXPECT_FALSE(base64url_decode("Zm9vY").ok());  // length 5: impossible
  EXPECT_FALSE(base64url_decode("Zm9v!").ok());
}

TEST(Scenario, UtcOnlyClockIsAccepted) {
  auto r = scenario_from_json(
      R"({"kind":"ce8-scenario","version":1,"clock":{"utc":"2028-10-25T00:00:00Z"}})", &cat());
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_NEAR(r->clock.tt_s, 909316869.184, 0.01);
  EXPECT_EQ(r->view, ScenarioView{});
}

TEST(Scenario, MalformedInputsNameTheProblem) {
  const std::string good = scenario_to_json(awkward(), -1);
  expect_error("{\"kind\":\"ce8-scenario\",\"version\":1,", "not valid JSON");
  expect_error(good.substr(0, good.size() / 2), "not valid JSON");
  expect_error("[1,2]", "top level must be a JSON object");
  expect_error(R"({"version":1})", "kind");
  expect_error(R"({"kind":"ce8-scenario","version":2})", "version");
  // Wrong types.
  expect_error(with(good, "\"lat_deg\":-86.3", "\"lat_deg\":\"-86.3\""),
               "site.lat_deg must be a number");
  expect_error(with(good, "\"playing\":true", "\"playing\":1"), "clock.playing");
  expect_error(with(good, "\"color_mode\":2", "\"color_mode\":2.5"),
               "view.color_mode must be an integer");
  expect_error(with(good, "\"manifest\":[", "\"manifest\":[7,"), "manifest[0]");
  expect_error(with(good, "\"traverse\":[[-86.3,38.0]", "\"traverse\":[[-86.3]"), "traverse[0]");
  expect_error(R"({"kind":"ce8-scenario","version":1,"view":3})", "view must be an object");
  // Out of range.
  expect_error(with(good, "\"lat_deg\":-86.3", "\"lat_deg\":-91"), "site.lat_deg");
  expect_error(with(good, "\"pitch_deg\":5e-324", "\"pitch_deg\":95"), "view.pitch_deg");
  expect_error(with(good, "\"speed_index\":4", "\"speed_index\":9"), "clock.speed_index");
  expect_error(R"({"kind":"ce8-scenario","version":1,"clock":{"tt_s":1e12}})", "clock time");
  expect_error(R"({"kind":"ce8-scenario","version":1,"clock":{"utc":"2028-02-30T00:00:00Z"}})",
               "clock.utc");
  expect_error(R"({"kind":"ce8-scenario","version":1,"clock":{"tt_s":0,"utc":"2028-10-25"}})",
               "disagree");
  expect_error(R"({"kind":"ce8-scenario","version":1,"traverse":[[-86,38],[-100,38]]})",
               "traverse[1] latitude");
  // Unknown ids and keys.
  expect_error(with(good, "\"it-laser-retroreflector\"", "\"no-such-payload\""),
               "unknown payload id 'no-such-payload'");
  expect_error(with(good, "\"lander-seismometer\"", "\"pk-suparco-rover\""), "twice");
  expect_error(with(good, "\"rover\":\"pk-suparco-rover\"", "\"rover\":\"warp-drive\""),
               "unknown rover id 'warp-drive'");
  expect_error(with(good, "\"id\":\"leibnitz-beta\"", "\"id\":\"atlantis\""), "site.id 'atlantis'");
  expect_error(with(good, "\"view\":{", "\"colour\":1,\"view\":{"), "unknown field 'colour'");
  expect_error(with(good, "\"yaw_deg\"", "\"zoom\":1,\"yaw_deg\""), "unknown field 'view.zoom'");
  expect_error(with(good, "\"exercises\"", "\"cockpit\""), "unknown panel 'cockpit'");
  // Limits.
  expect_error("{\"a\":" + std::string(9, '[') + std::string(9, ']') + "}", "deeper than 8");
  expect_error("{\"kind\":\"" + std::string(70000, 'x') + "\"}", "more than 64 KiB");
  {
    std::string many = R"({"kind":"ce8-scenario","version":1,"manifest":[)";
    for (int i = 0; i < 65; ++i) many += (i ? ",\"p" : "\"p") + std::to_string(i) + "\"";
    expect_error(many + "]}", "more than 64");
    std::string wps = R"({"kind":"ce8-scenario","version":1,"traverse":[)";
    for (int i = 0; i < 257; ++i) wps += std::string(i ? "," : "") + "[-86,38]";
    expect_error(wps + "]}", "more than 256");
  }
  // URLs.
  const std::string url = scenario_to_url_fragment(awkward());
  expect_error(url.substr(0, url.size() - 7), "URL");
  {
    const std::string b = url.substr(3);
    std::size_t len = b.size() - 1;
    while (len % 4 != 1) --len;
    expect_error("#s=" + b.substr(0, len), "truncated");
  }
  expect_error("https://x.org/#q=abc", "s=");
  expect_error("#s=", "no scenario");
  expect_error("#s=abc$def", "bad character");
  expect_error("#s=" + base64url_encode("{\"kind\":\"ce8-scenario\""), "not valid JSON");
  expect_error("   ", "empty");
}

TEST(Scenario, NoCatalogueSkipsIdLookupButKeepsShapeChecks) {
  Scenario s = awkward();
  s.manifest = {"future-payload"};
  EXPECT_TRUE(validate_scenario(s, nullptr).ok());
  EXPECT_FALSE(validate_scenario(s, &cat()).ok());
  s.manifest = {"Bad Id"};
  EXPECT_FALSE(validate_scenario(s, nullptr).ok());
  s = awkward();
  s.view.distance_m = std::numeric_limits<double>::quiet_NaN();
  EXPECT_FALSE(validate_scenario(s, nullptr).ok());
}

}  // namespace
}  // namespace ce8::scenario

// Argument parsing shared by the CLI (engine/core/parse.hpp) and the memory limits
// (engine/core/limits.hpp) that refuse big requests before allocating.
#include <gtest/gtest.h>

#include <limits>
#include <string>

#include "engine/core/limits.hpp"
#include "engine/core/parse.hpp"
#include "engine/scenario/scenario.hpp"
#include "engine/terrain/dem.hpp"
#include "engine/terrain/import.hpp"
#include "engine/time/time.hpp"

namespace ce8 {
namespace {

TEST(CoreParse, NumbersAreWholeDecimalAndFinite) {
  EXPECT_DOUBLE_EQ(*parse_finite_number("-86.3"), -86.3);
  EXPECT_DOUBLE_EQ(*parse_finite_number("+1e3"), 1000.0);
  for (const char* bad : {"", " 1", "1 ", "1x", "0x10", "inf", "nan", "1e999", "--1", ".", "e"})
    EXPECT_FALSE(parse_finite_number(bad).ok()) << "'" << bad << "'";
}

TEST(CoreParse, LatLonAndHeight) {
  auto p = parse_lat_lon("-89.5,130");
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_DOUBLE_EQ(p->lat_deg, -89.5);
  EXPECT_DOUBLE_EQ(p->lon_deg, 130.0);
  EXPECT_FALSE(p->has_height);
  auto h = parse_lat_lon("-85.33,317.87,250", true);
  ASSERT_TRUE(h.ok()) << h.error().message;
  EXPECT_TRUE(h->has_height);
  EXPECT_DOUBLE_EQ(h->height_m, 250.0);
  EXPECT_FALSE(parse_lat_lon("-85.33,317.87,250").ok());  // no height allowed
  for (const char* bad : {"", ",", "-86", "-86,", ",38", "-86,,38", "-86,38,", "a,b", "-86;38"})
    EXPECT_FALSE(parse_lat_lon(bad, true).ok()) << "'" << bad << "'";
  auto far = parse_lat_lon("-90.5,0");
  ASSERT_FALSE(far.ok());
  EXPECT_NE(far.error().message.find("latitude"), std::string::npos);
}

TEST(CoreParse, ArgumentLengthLimitIsNamed) {
  const std::string longer(kMaxArgumentBytes + 1, '1');
  auto r = parse_number_list(longer, 1, 1);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find(std::to_string(kMaxArgumentBytes)), std::string::npos);
}

TEST(CoreLimits, CheckedBytesAndAllocationBudget) {
  EXPECT_EQ(checked_bytes(3, 4), 12);
  EXPECT_EQ(checked_bytes(-1, 4), -1);
  EXPECT_EQ(checked_bytes(std::numeric_limits<std::int64_t>::max() / 2, 4), -1);
  EXPECT_TRUE(check_allocation(1024, 4, "a buffer").ok());
  auto big = check_allocation(kMaxSingleAllocationBytes / 4 + 1, 4, "the test grid");
  ASSERT_FALSE(big.ok());
  EXPECT_NE(big.error().message.find("the test grid"), std::string::npos);
  EXPECT_NE(big.error().message.find("limit for one buffer"), std::string::npos);
  auto smaller = check_allocation(2048, 1, "x", 1024);
  EXPECT_FALSE(smaller.ok());
  EXPECT_FALSE(check_allocation(std::numeric_limits<std::int64_t>::max(), 8, "huge").ok());
}

// The limits that protect the browser: everything the page can ask for at its largest must
// fit the WebAssembly heap ceiling with room to spare.
TEST(CoreLimits, BrowserRequestsFitTheWasmCeiling) {
  // An imported DEM at the import limit, float32, with the page's decoded copy next to it.
  const std::int64_t import_bytes = terrain::kMaxImportCells * 4;
  EXPECT_LE(2 * import_bytes, kWasmMemoryCeilingBytes / 8);
  EXPECT_LE(import_bytes, kMaxSingleAllocationBytes);
  // A scenario is tiny.
  EXPECT_LE(static_cast<std::int64_t>(scenario::kMaxScenarioBytes), 1 << 20);
  // A single buffer never takes more than the ceiling itself on any target.
  EXPECT_LE(kMaxSingleAllocationBytes,
            sizeof(void*) < 8 ? kWasmMemoryCeilingBytes : std::int64_t{1} << 40);
}

TEST(CoreLimits, DemLargerThanTheBufferLimitIsRefusedBeforeAllocating) {
  terrain::GridGeometry g;
  g.width = terrain::kMaxGridDimension;
  g.height = terrain::kMaxGridDimension;
  g.cell_m = 1.0;
  const std::int64_t bytes = g.cells() * static_cast<std::int64_t>(sizeof(float));
  if (bytes <= kMaxSingleAllocationBytes) GTEST_SKIP() << "the grid limit fits this target";
  auto d = terrain::make_dem(g);
  ASSERT_FALSE(d.ok());
  EXPECT_NE(d.error().message.find("limit for one buffer"), std::string::npos);
}

}  // namespace
}  // namespace ce8

// Regression (tests/fuzz: fuzz_manifest, fuzz_time_args, fuzz_coordinates): messages that quote
// the input stayed multi-line when the input held a newline, and could carry terminal escapes
// or invalid UTF-8.
namespace ce8 {
namespace {

TEST(CoreMessages, QuotedInputStaysOneLine) {
  auto t = time::parse_iso8601("p22\n\x1b[31m2028-10-25");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().message.find('\n'), std::string::npos) << t.error().message;
  EXPECT_EQ(t.error().message.find('\x1b'), std::string::npos) << t.error().message;
  EXPECT_NE(t.error().message.find("p22\\n\\x1b[31m"), std::string::npos) << t.error().message;
  auto c = parse_lat_lon("+45.\n80");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().message.find('\n'), std::string::npos);
}

TEST(CoreMessages, Utf8KeptInvalidBytesEscapedLongTextCut) {
  EXPECT_EQ(one_line_message("T\xc3\xbcrkiye"), "T\xc3\xbcrkiye");  // valid UTF-8 kept
  EXPECT_EQ(one_line_message("a\xff"
                             "b"),
            "a\\xffb");
  EXPECT_EQ(one_line_message("\xed\xa0\x80"), "\\xed\\xa0\\x80");  // a UTF-16 surrogate
  EXPECT_EQ(one_line_message("\xe2\x82"), "\\xe2\\x82");           // cut short
  const std::string longer = "start " + std::string(5000, 'x') + " limit 4096 bytes";
  const std::string m = one_line_message(longer);
  EXPECT_LE(m.size(), kMaxErrorMessageBytes);
  EXPECT_EQ(m.substr(0, 6), "start ");
  EXPECT_NE(m.find("x ... x"), std::string::npos);
  EXPECT_EQ(m.substr(m.size() - 16), "limit 4096 bytes");
}

}  // namespace
}  // namespace ce8

#include "engine/terrain/pds3.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>

namespace ce8::terrain {
namespace {

constexpr std::size_t kMaxLabelBytes = 256 * 1024;

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string trim(std::string_view s) {
  std::size_t a = 0, b = s.size();
  while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
  while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
  return std::string(s.substr(a, b - a));
}

std::string num_text(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

// One keyword's value: the text without quotes and units, and the unit ("<km>" -> "KM").
struct Value {
  std::string text;
  std::string unit;
};

// ODL statements "KEY = VALUE" per object. A value continues over lines while a quote, a
// parenthesis or a brace is open. Comments /* ... */ are dropped. Keys keep the innermost
// OBJECT name they were found in ("IMAGE.LINES"), and the first occurrence of each plain key
// is also kept without prefix.
class OdlReader {
 public:
  explicit OdlReader(std::string_view text) { parse(text); }
  const Value* find(const std::string& key) const {
    const auto it = values_.find(key);
    return it == values_.end() ? nullptr : &it->second;
  }
  bool ended() const { return ended_; }

 private:
  void parse(std::string_view text) {
    std::vector<std::string> objects;
    std::size_t pos = 0;
    while (pos < text.size() && !ended_) {
      std::string statement = next_statement(text, pos);
      const std::string t = trim(statement);
      if (t.empty()) continue;
      if (upper(t) == "END") {
        ended_ = true;
        break;
      }
      const auto eq = t.find('=');
      if (eq == std::string::npos) continue;
      const std::string key = upper(trim(std::string_view(t).substr(0, eq)));
      Value v = clean(trim(std::string_view(t).substr(eq + 1)));
      if (key == "OBJECT") {
        objects.push_back(upper(v.text));
        continue;
      }
      if (key == "END_OBJECT") {
        if (!objects.empty()) objects.pop_back();
        continue;
      }
      const std::string scoped = (objects.empty() ? "" : objects.back() + ".") + key;
      values_.emplace(scoped, v);
      values_.emplace(key, v);
    }
  }

  static std::string next_statement(std::string_view text, std::size_t& pos) {
    std::string out;
    int depth = 0;
    bool quoted = false;
    while (pos < text.size()) {
      const char c = text[pos];
      if (!quoted && c == '/' && pos + 1 < text.size() && text[pos + 1] == '*') {
        const auto end = text.find("*/", pos + 2);
        pos = end == std::string_view::npos ? text.size() : end + 2;
        continue;
      }
      ++pos;
      if (c == '"') quoted = !quoted;
      if (!quoted && (c == '(' || c == '{')) ++depth;
      if (!quoted && (c == ')' || c == '}')) --depth;
      if (c == '\n' && !quoted && depth <= 0) break;
      if (c != '\r') out += (c == '\n' ? ' ' : c);
    }
    return out;
  }

  static Value clean(const std::string& raw) {
    Value v;
    std::string s;
    bool in_unit = false;
    for (char c : raw) {
      if (c == '<') {
        in_unit = true;
        continue;
      }
      if (c == '>') {
        in_unit = false;
        continue;
      }
      if (in_unit) {
        v.unit += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        continue;
      }
      if (c == '"' || c == '\'') continue;
      s += c;
    }
    v.text = trim(s);
    return v;
  }

  std::map<std::string, Value> values_;
  bool ended_ = false;
};

std::optional<double> parse_number(const std::string& text) {
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (!end || trim(end) != "" || !std::isfinite(v)) return std::nullopt;
  return v;
}

// PDS "16#FF7FFFFB#" (the raw bits of a value), or a plain number.
std::optional<double> parse_missing(const std::string& text, const Pds3Label& l) {
  if (text.rfind("16#", 0) == 0) {
    const std::string hex = text.substr(3, text.find('#', 3) - 3);
    char* end = nullptr;
    const unsigned long long bits = std::strtoull(hex.c_str(), &end, 16);
    if (hex.empty() || !end || *end != '\0') return std::nullopt;
    if (l.is_float) {
      const auto b32 = static_cast<std::uint32_t>(bits);
      float f;
      std::memcpy(&f, &b32, 4);
      return static_cast<double>(f);
    }
    if (l.is_signed && l.sample_bytes == 2) return static_cast<std::int16_t>(bits);
    return static_cast<double>(bits);
  }
  return parse_number(text);
}

Status parse_sample_type(const std::string& type, int bits, Pds3Label& l) {
  const std::string t = upper(type);
  if (bits != 16 && bits != 32)
    return make_error("the label's SAMPLE_BITS is " + std::to_string(bits) +
                      "; LOLA elevation products use 16-bit integers or 32-bit floats");
  l.sample_bytes = bits / 8;
  const bool lsb = t.rfind("LSB", 0) == 0 || t.rfind("PC_", 0) == 0 || t.rfind("VAX", 0) == 0;
  const bool msb = t.rfind("MSB", 0) == 0 || t.rfind("SUN", 0) == 0 || t.rfind("MAC", 0) == 0 ||
                   t.rfind("IEEE", 0) == 0;
  if (!lsb && !msb) return make_error("the label's SAMPLE_TYPE '" + type + "' is not supported");
  l.little_endian = lsb;
  l.is_float = t.find("REAL") != std::string::npos || t.find("FLOAT") != std::string::npos;
  l.is_signed = t.find("UNSIGNED") == std::string::npos;
  if (l.is_float && bits != 32)
    return make_error("the label's SAMPLE_TYPE '" + type + "' with " + std::to_string(bits) +
                      " bits is not supported (floats must be 32-bit)");
  if (t.rfind("VAX", 0) == 0 && l.is_float)
    return make_error("VAX floating-point samples are not supported");
  return Ok{};
}

// ^IMAGE = "F.IMG" | ("F.IMG", 5) | ("F.IMG", 1024 <BYTES>) | 12 | 1024 <BYTES>.
Status parse_image_pointer(const Value& v, std::int64_t record_bytes, Pds3Label& l) {
  std::string s = v.text;
  s.erase(std::remove(s.begin(), s.end(), '('), s.end());
  s.erase(std::remove(s.begin(), s.end(), ')'), s.end());
  std::string file, location;
  const auto comma = s.find(',');
  if (comma != std::string::npos) {
    file = trim(std::string_view(s).substr(0, comma));
    location = trim(std::string_view(s).substr(comma + 1));
  } else if (parse_number(trim(s))) {
    location = trim(s);
  } else {
    file = trim(s);
  }
  l.image_file = file;
  l.image_offset_bytes = 0;
  if (location.empty()) return Ok{};
  const auto n = parse_number(location);
  if (!n || *n < 1 || *n != std::floor(*n))
    return make_error("the label's ^IMAGE pointer '" + v.text + "' is not understood");
  if (v.unit == "BYTES") {
    l.image_offset_bytes = static_cast<std::int64_t>(*n) - 1;
  } else {
    if (record_bytes <= 0)
      return make_error("the label's ^IMAGE pointer counts records but RECORD_BYTES is missing");
    l.image_offset_bytes = (static_cast<std::int64_t>(*n) - 1) * record_bytes;
  }
  return Ok{};
}

Status parse_projection(const OdlReader& odl, Pds3Label& l) {
  auto get = [&](const char* key) -> const Value* {
    if (const Value* v = odl.find(std::string("IMAGE_MAP_PROJECTION.") + key)) return v;
    return odl.find(key);
  };
  auto number = [&](const char* key, double& out) -> Status {
    const Value* v = get(key);
    if (!v) return make_error(std::string("the label has no ") + key);
    const auto n = parse_number(v->text);
    if (!n)
      return make_error(std::string("the label's ") + key + " '" + v->text + "' is not a number");
    out = *n;
    return Ok{};
  };
  const Value* type = get("MAP_PROJECTION_TYPE");
  if (!type)
    return make_error(
        "the label has no MAP_PROJECTION_TYPE, so no georeference: not a map-projected DEM "
        "product");
  const std::string t = upper(type->text);
  if (t == "POLAR STEREOGRAPHIC")
    l.projection = Pds3Projection::kPolarStereographic;
  else if (t == "SIMPLE CYLINDRICAL" || t == "EQUIRECTANGULAR" || t == "EQUIDISTANT")
    l.projection = Pds3Projection::kSimpleCylindrical;
  else
    return make_error("unknown projection '" + type->text +
                      "' in the label (MAP_PROJECTION_TYPE); LOLA products are POLAR "
                      "STEREOGRAPHIC or SIMPLE CYLINDRICAL");
  double a_km = 0.0;
  for (auto [key, out] :
       {std::pair{"CENTER_LATITUDE", &l.center_lat_deg},
        std::pair{"CENTER_LONGITUDE", &l.center_lon_deg}, std::pair{"A_AXIS_RADIUS", &a_km},
        std::pair{"LINE_PROJECTION_OFFSET", &l.line_offset},
        std::pair{"SAMPLE_PROJECTION_OFFSET", &l.sample_offset}})
    if (auto s = number(key, *out); !s) return s.error();
  const Value* a = get("A_AXIS_RADIUS");
  l.radius_m = (a->unit == "M" || a->unit == "METERS" || a_km > 100000.0) ? a_km : a_km * 1000.0;
  if (std::fabs(l.radius_m - kMoonRadiusM) > 1.0)
    return make_error("the label's A_AXIS_RADIUS is " + num_text(l.radius_m / 1000.0) +
                      " km; expected the lunar reference sphere 1737.4 km");
  if (const Value* dir = get("POSITIVE_LONGITUDE_DIRECTION"); dir && upper(dir->text) == "WEST")
    return make_error(
        "the label counts longitude positive to the WEST; LOLA products count "
        "east longitude");
  if (const Value* scale = get("MAP_SCALE")) {
    const auto n = parse_number(scale->text);
    if (!n || *n <= 0.0)
      return make_error("the label's MAP_SCALE '" + scale->text + "' is not a positive number");
    const bool km = scale->unit.find("KM") != std::string::npos ||
                    scale->unit.find("KILOMET") != std::string::npos;
    l.map_scale_m = km ? *n * 1000.0 : *n;
  }
  if (const Value* res = get("MAP_RESOLUTION")) {
    const auto n = parse_number(res->text);
    if (!n || *n <= 0.0)
      return make_error("the label's MAP_RESOLUTION '" + res->text + "' is not a positive number");
    l.map_resolution_ppd = *n;
  }
  if (l.projection == Pds3Projection::kPolarStereographic) {
    if (l.map_scale_m <= 0.0) return make_error("the label has no MAP_SCALE");
    if (std::fabs(l.center_lat_deg + 90.0) > 1e-9)
      return make_error("the label's polar stereographic projection is centred on latitude " +
                        num_text(l.center_lat_deg) +
                        "; only south polar products (-90) are "
                        "supported");
    if (std::fabs(l.center_lon_deg) > 1e-9)
      return make_error("the label's CENTER_LONGITUDE is " + num_text(l.center_lon_deg) +
                        "; the south polar products use 0");
  } else if (l.map_resolution_ppd <= 0.0) {
    return make_error("the label has no MAP_RESOLUTION (pixels per degree)");
  }
  return Ok{};
}

Status parse_image_object(const OdlReader& odl, Pds3Label& l) {
  auto get = [&](const char* key) -> const Value* { return odl.find(std::string("IMAGE.") + key); };
  const Value* lines = get("LINES");
  const Value* samples = get("LINE_SAMPLES");
  const Value* type = get("SAMPLE_TYPE");
  const Value* bits = get("SAMPLE_BITS");
  if (!lines || !samples || !type || !bits)
    return make_error(
        "the label has no IMAGE object with LINES, LINE_SAMPLES, SAMPLE_TYPE and SAMPLE_BITS");
  const auto nl = parse_number(lines->text), ns = parse_number(samples->text),
             nb = parse_number(bits->text);
  if (!nl || !ns || !nb || *nl < 1 || *ns < 1 || *nl > 1e6 || *ns > 1e6)
    return make_error("the label's image size (LINES " + lines->text + ", LINE_SAMPLES " +
                      samples->text + ") is not valid");
  l.lines = static_cast<int>(*nl);
  l.samples = static_cast<int>(*ns);
  if (auto s = parse_sample_type(type->text, static_cast<int>(*nb), l); !s) return s.error();
  if (const Value* v = get("SCALING_FACTOR")) {
    const auto n = parse_number(v->text);
    if (!n || *n == 0.0)
      return make_error("the label's SCALING_FACTOR '" + v->text + "' is invalid");
    l.scaling_factor = *n;
  }
  if (const Value* v = get("OFFSET")) {
    const auto n = parse_number(v->text);
    if (!n) return make_error("the label's OFFSET '" + v->text + "' is not a number");
    l.offset = *n;
  }
  if (const Value* v = get("UNIT")) {
    const std::string u = upper(v->text);
    if (u.rfind("KILOMET", 0) == 0 || u == "KM")
      l.unit_m = 1000.0;
    else if (u.rfind("MET", 0) != 0 && u != "M" && u != "N/A")
      return make_error("the label's height UNIT '" + v->text + "' is not metres or kilometres");
  } else if (std::fabs(l.offset - kMoonRadiusM / 1000.0) < 1e-6) {
    l.unit_m = 1000.0;  // LOLA float products: kilometres with OFFSET = 1737.4
  }
  if (const Value* v = get("MISSING_CONSTANT")) {
    l.missing_dn = parse_missing(v->text, l);
    if (!l.missing_dn)
      return make_error("the label's MISSING_CONSTANT '" + v->text + "' is not understood");
  }
  // An offset equal to the reference radius turns heights into radii: drop it.
  if (std::fabs(l.offset * l.unit_m - kMoonRadiusM) < 1.0) l.offset = 0.0;
  return Ok{};
}

float decode(const std::byte* p, const Pds3Label& l) {
  unsigned char b[4];
  std::memcpy(b, p, static_cast<std::size_t>(l.sample_bytes));
  if (l.little_endian == false) std::reverse(b, b + l.sample_bytes);
  double dn;
  if (l.sample_bytes == 2) {
    const std::uint16_t u = static_cast<std::uint16_t>(b[0] | (b[1] << 8));
    dn = l.is_signed ? static_cast<double>(static_cast<std::int16_t>(u)) : static_cast<double>(u);
  } else {
    const std::uint32_t u =
        static_cast<std::uint32_t>(b[0]) | (static_cast<std::uint32_t>(b[1]) << 8) |
        (static_cast<std::uint32_t>(b[2]) << 16) | (static_cast<std::uint32_t>(b[3]) << 24);
    if (l.is_float) {
      float f;
      std::memcpy(&f, &u, 4);
      dn = f;
    } else {
      dn = l.is_signed ? static_cast<double>(static_cast<std::int32_t>(u)) : static_cast<double>(u);
    }
  }
  if (!std::isfinite(dn)) return kNodata;
  if (l.missing_dn && (dn == *l.missing_dn || (l.is_float && std::fabs(dn - *l.missing_dn) <=
                                                                 1e-6 * std::fabs(*l.missing_dn))))
    return kNodata;
  const double h = (dn * l.scaling_factor + l.offset) * l.unit_m;
  if (std::fabs(h) > 30000.0) return kNodata;  // not a lunar height (fill values, radii)
  return static_cast<float>(h);
}

}  // namespace

Result<Pds3Label> parse_pds3_label(std::string_view text) {
  if (text.size() > kMaxLabelBytes) text = text.substr(0, kMaxLabelBytes);
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos || text.substr(first, 14) != "PDS_VERSION_ID")
    return make_error("not a PDS3 label (it does not start with PDS_VERSION_ID)");
  const OdlReader odl(text);
  if (!odl.ended()) return make_error("the PDS3 label has no END line (truncated?)");
  Pds3Label l;
  if (const Value* v = odl.find("PRODUCT_ID")) l.product_id = v->text;
  if (auto s = parse_image_object(odl, l); !s) return s.error();
  if (auto s = parse_projection(odl, l); !s) return s.error();
  std::int64_t record_bytes = 0;
  if (const Value* v = odl.find("RECORD_BYTES"))
    if (auto n = parse_number(v->text)) record_bytes = static_cast<std::int64_t>(*n);
  const Value* pointer = odl.find("^IMAGE");
  if (!pointer) return make_error("the label has no ^IMAGE pointer to the data");
  if (auto s = parse_image_pointer(*pointer, record_bytes, l); !s) return s.error();
  return l;
}

Status check_pds3_size(const Pds3Label& l, std::int64_t file_bytes) {
  const std::int64_t need = l.image_offset_bytes + l.image_bytes();
  const std::string what = std::to_string(l.samples) + " x " + std::to_string(l.lines) + " " +
                           (l.is_float ? "float32" : (l.is_signed ? "int16" : "uint16")) +
                           " samples";
  if (file_bytes < need)
    return make_error("the label describes " + what + " (" + std::to_string(need) +
                      " bytes) but the image file holds " + std::to_string(file_bytes) +
                      " bytes: truncated, or not this label's data");
  if (!l.image_file.empty() && file_bytes > need + std::max<std::int64_t>(l.row_bytes(), 4096))
    return make_error("the label describes " + what + " (" + std::to_string(need) +
                      " bytes) but the image file holds " + std::to_string(file_bytes) +
                      " bytes: the label does not match its data");
  return Ok{};
}

ByteRange pds3_rows_range(const Pds3Label& l, int first_row, int row_count) {
  return {l.image_offset_bytes + l.row_bytes() * first_row, l.row_bytes() * row_count};
}

bool LatLonGrid::full_longitude() const {
  return std::fabs(width * step_deg - 360.0) < 1e-6 * 360.0;
}

RowSpan pds3_rows_south_of(const Pds3Label& l, double north_lat_deg) {
  // Row j's centre latitude: (LINE_PROJECTION_OFFSET - j) / resolution.
  const double j = l.line_offset - north_lat_deg * l.map_resolution_ppd;
  const int first = std::clamp(static_cast<int>(std::floor(j)) - 2, 0, l.lines - 1);
  return {first, l.lines - first};
}

Result<LatLonGrid> pds3_cylindrical(const Pds3Label& l, RowSpan rows,
                                    std::span<const std::byte> bytes) {
  if (l.projection != Pds3Projection::kSimpleCylindrical)
    return make_error("the product is not in simple cylindrical projection");
  if (rows.first < 0 || rows.count < 1 || rows.first + rows.count > l.lines)
    return make_error("the requested rows are outside the product");
  if (static_cast<std::int64_t>(bytes.size()) != l.row_bytes() * rows.count)
    return make_error("the image data is " + std::to_string(bytes.size()) + " bytes, expected " +
                      std::to_string(l.row_bytes() * rows.count));
  LatLonGrid g;
  g.width = l.samples;
  g.height = rows.count;
  g.first_row = rows.first;
  g.step_deg = 1.0 / l.map_resolution_ppd;
  g.top_lat_deg = (l.line_offset - rows.first) * g.step_deg;
  g.left_lon_deg = l.center_lon_deg - l.sample_offset * g.step_deg;
  g.product_id = l.product_id;
  g.height_m.resize(static_cast<std::size_t>(g.width) * g.height);
  for (int j = 0; j < g.height; ++j)
    for (int i = 0; i < g.width; ++i) {
      g.height_m[static_cast<std::size_t>(j) * g.width + i] =
          decode(bytes.data() + (static_cast<std::size_t>(j) * l.samples + i) * l.sample_bytes, l);
    }
  if (g.top_lat_deg > 90.0 + 1e-9 || g.bottom_lat_deg() < -90.0 - 1e-9)
    return make_error("the label's LINE_PROJECTION_OFFSET puts rows beyond the poles");
  return g;
}

Result<Dem> pds3_polar(const Pds3Label& l, std::span<const std::byte> bytes) {
  if (l.projection != Pds3Projection::kPolarStereographic)
    return make_error("the product is not in polar stereographic projection");
  if (static_cast<std::int64_t>(bytes.size()) != l.image_bytes())
    return make_error("the image data is " + std::to_string(bytes.size()) + " bytes, expected " +
                      std::to_string(l.image_bytes()));
  GridGeometry g;
  g.width = l.samples;
  g.height = l.lines;
  g.cell_m = l.map_scale_m;
  // Sample s (0-based) has its centre at x = (s - SAMPLE_PROJECTION_OFFSET) * scale, line j at
  // y = (LINE_PROJECTION_OFFSET - j) * scale (+x toward 90 E, +y toward 0 E).
  g.x_min_m = (-0.5 - l.sample_offset) * l.map_scale_m;
  g.y_max_m = (l.line_offset + 0.5) * l.map_scale_m;
  if (auto s = check_grid(g); !s) return s.error();
  auto dem = make_dem(g, kNodata);
  if (!dem) return dem.error();
  std::size_t valid = 0;
  for (std::size_t k = 0; k < g.cells(); ++k) {
    dem->height_m[k] = decode(bytes.data() + k * l.sample_bytes, l);
    valid += is_nodata(dem->height_m[k]) ? 0 : 1;
  }
  if (valid == 0) return make_error("every sample of the product is nodata");
  return dem;
}

}  // namespace ce8::terrain

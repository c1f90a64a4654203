// Illumination integrator, one pass: instants [u_begin, u_end) in time order for every cell,
// the same per-instant definition as the CPU (engine/illumination/illumination_instant.hpp and
// visibility.cpp): a body's direction in the cell's frame (grid x, grid y, up), its grid azimuth
// (clockwise from grid y) and elevation, the horizon interpolated linearly between the two
// nearest of N directions, and the visible fraction of a disk cut straight by the horizon.
// Float arithmetic decides "any part of the Sun visible" wrongly only within about 1e-7 rad of
// the threshold (disk top on the horizon), and one such instant can split or join a long dark
// run: instants within kUncertain of it are uncertain, and two runs are kept, one counting them
// as lit (a lower bound of the longest darkness), one as dark (an upper bound). Where the bounds
// differ by more than one step, or only uncertain instants could light a cell, the CPU
// evaluates that cell by the definition (IlluminationGpu::result).
// Accumulators (RGBA32F, one texel per cell), read from u_sums / u_runs, written to o_sums /
// o_runs: (summed Sun fraction, summed Earth fraction, any surely lit instant, any uncertain
// instant) and (dark run and longest dark run with uncertain instants lit, the same with them
// dark).
uniform highp sampler2D u_sums;
uniform highp sampler2D u_runs;
uniform highp sampler2D u_up;       // xyz: local vertical; w: lowest horizon (rad)
uniform highp sampler2D u_grid_x;   // xyz: map +x in the tangent plane; w: highest horizon
uniform highp sampler2D u_grid_y;   // xyz: map +y in the tangent plane
uniform highp sampler2D u_position; // xyz: the observer from the Moon's centre (m)
uniform highp sampler2DArray u_horizon;  // layer k: horizon elevation toward azimuth k 2pi/N
uniform highp sampler2D u_sun;      // per instant: unit direction, angular radius
uniform highp sampler2D u_earth;    // per instant: vector from the Moon's centre (m), radius
uniform int u_begin;
uniform int u_end;
uniform int u_directions;
uniform int u_instant_row;          // instants per row of u_sun / u_earth
uniform float u_sun_r_max;          // the window's largest radii (quick tests)
uniform float u_earth_r_max;

layout(location = 0) out vec4 o_sums;
layout(location = 1) out vec4 o_runs;

const float kPi = 3.14159265358979;
const float kUncertain = 2e-6;  // rad

float disk_fraction_above(float el, float r, float h) {
  float x = (el - h) / r;
  if (x >= 1.0) return 1.0;
  if (x <= -1.0) return 0.0;
  return 1.0 - (acos(x) - x * sqrt(1.0 - x * x)) / kPi;
}

// Visible fraction of a disk of radius r toward unit direction d (world frame); su = d . up.
// `margin`: how far the disk's top is above the horizon (rad).
float fraction(vec3 d, float su, float r, ivec2 cell, vec3 gx, vec3 gy, out float margin) {
  float sx = dot(d, gx), sy = dot(d, gy);
  float az = atan(sx, sy);
  if (az < 0.0) az += 2.0 * kPi;
  float el = atan(su, length(vec2(sx, sy)));
  float n = float(u_directions);
  float x = az * (n / (2.0 * kPi));
  int k = min(int(x), u_directions - 1);
  float w = clamp(x - float(k), 0.0, 1.0);
  int k1 = k + 1 == u_directions ? 0 : k + 1;
  float h0 = texelFetch(u_horizon, ivec3(cell, k), 0).r;
  float h1 = texelFetch(u_horizon, ivec3(cell, k1), 0).r;
  float h = h0 + w * (h1 - h0);
  margin = el + r - h;
  return disk_fraction_above(el, r, h);
}

void main() {
  ivec2 cell = ivec2(gl_FragCoord.xy);
  vec4 sums = texelFetch(u_sums, cell, 0);
  vec4 runs = texelFetch(u_runs, cell, 0);
  vec4 up4 = texelFetch(u_up, cell, 0);
  vec4 gx4 = texelFetch(u_grid_x, cell, 0);
  vec3 up = up4.xyz, gx = gx4.xyz;
  vec3 gy = texelFetch(u_grid_y, cell, 0).xyz;
  vec3 pos = texelFetch(u_position, cell, 0).xyz;
  // sin(elevation) above s_hi: the disk clears every horizon; below s_lo: under all of them.
  // The Sun's low threshold keeps 2 kUncertain of room: below it an instant is surely dark.
  float s_hi = sin(min(1.5, gx4.w + u_sun_r_max));
  float s_lo = sin(max(-1.5, up4.w - u_sun_r_max - 2.0 * kUncertain));
  float e_hi = sin(min(1.5, gx4.w + u_earth_r_max)), e_lo = sin(max(-1.5, up4.w - u_earth_r_max));
  // Sums of this pass apart from the totals (fewer large + small float additions).
  float lit = 0.0, seen = 0.0;
  float sure = sums.z, unsure = sums.w;
  for (int q = u_begin; q < u_end; ++q) {
    ivec2 t = ivec2(q % u_instant_row, q / u_instant_row);
    vec4 s = texelFetch(u_sun, t, 0);
    float su = dot(s.xyz, up);
    float margin = su > s_hi ? 1.0 : -1.0;
    float fs = su > s_hi ? 1.0 : (su < s_lo ? 0.0 : fraction(s.xyz, su, s.w, cell, gx, gy, margin));
    lit += fs;
    // 0: surely dark, 1: uncertain, 2: surely lit.
    int state = margin > kUncertain ? 2 : (margin < -kUncertain ? 0 : 1);
    if (state == 2) sure = 1.0;
    if (state == 1) unsure = 1.0;
    runs.x = state == 0 ? runs.x + 1.0 : 0.0;  // uncertain counted as lit
    runs.y = max(runs.y, runs.x);
    runs.z = state == 2 ? 0.0 : runs.z + 1.0;  // uncertain counted as dark
    runs.w = max(runs.w, runs.z);
    vec4 e = texelFetch(u_earth, t, 0);
    vec3 ed = normalize(e.xyz - pos);
    float eu = dot(ed, up);
    float unused;
    seen += eu > e_hi ? 1.0 : (eu < e_lo ? 0.0 : fraction(ed, eu, e.w, cell, gx, gy, unused));
  }
  o_sums = vec4(sums.x + lit, sums.y + seen, sure, unsure);
  o_runs = runs;
}

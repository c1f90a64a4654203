// DEM fragment shader. Mode 0: regolith grey lit by the Sun (Lambert with a little
// Lommel-Seeliger, gamma) and by earthshine: bluish light from the Earth's direction, scaled by
// the Earth's phase (u_earthshine, display-scaled: scenario/sky_scene.hpp, docs/sky.md), fading
// as the Earth sets below each point's true horizon; plus a faint floor so relief still reads. Modes 1 (height) and 2
// (slope): a colour ramp under a relief shade from the Sun's azimuth at 45° elevation (as
// gdaldem hillshade), so the ramps stay readable when the real polar Sun grazes the ground.
in vec3 v_normal;
in vec3 v_world;
in float v_height_m;
in float v_slope_deg;

uniform vec3 u_sun_dir;         // unit vector toward the Sun (world frame)
uniform vec3 u_camera_pos;      // world frame
uniform int u_mode;             // 0 shaded, 1 height, 2 slope
uniform vec2 u_height_range_m;  // ramp min, max
uniform float u_slope_max_deg;  // red from here on
uniform vec3 u_earth_dir;        // unit vector toward the Earth (world frame)
uniform float u_earthshine;      // earthshine irradiance on a face toward the Earth / sunlight's
uniform float u_earth_radius_rad;
uniform float u_ground_detail;   // 1 in the ground view: regolith texture near the eye
uniform vec4 u_hole_m;          // (x0, y0, x1, y1): map area drawn by a local tile instead
// Cast shadows: the Sun's visible disk fraction per DEM cell (from the engine's horizon map),
// over the map rectangle (x_min, y_max, width, height); 1 outside it.
uniform sampler2D u_shadow;
uniform float u_shadow_on;
uniform vec4 u_shadow_rect_m;
// Colour overlay (percent lit, Earth in view, permanent shadow) over its own map rectangle.
uniform sampler2D u_overlay;
uniform float u_overlay_on;
uniform vec4 u_overlay_rect_m;

out vec4 frag_color;

vec3 height_ramp(float t) {
  // Crater floors deep blue, plains teal-green, highs ochre, summits near white.
  vec3 c0 = vec3(0.10, 0.12, 0.40);
  vec3 c1 = vec3(0.12, 0.45, 0.62);
  vec3 c2 = vec3(0.35, 0.65, 0.40);
  vec3 c3 = vec3(0.85, 0.75, 0.40);
  vec3 c4 = vec3(0.75, 0.45, 0.30);
  vec3 c5 = vec3(0.97, 0.96, 0.94);
  float s = clamp(t, 0.0, 1.0) * 5.0;
  if (s < 1.0) return mix(c0, c1, s);
  if (s < 2.0) return mix(c1, c2, s - 1.0);
  if (s < 3.0) return mix(c2, c3, s - 2.0);
  if (s < 4.0) return mix(c3, c4, s - 3.0);
  return mix(c4, c5, s - 4.0);
}

vec3 slope_ramp(float deg, float max_deg) {
  // Rover-minded: gentle green, 10° yellow, 20° orange, >= max red.
  vec3 green = vec3(0.20, 0.62, 0.30);
  vec3 yellow = vec3(0.95, 0.85, 0.25);
  vec3 orange = vec3(0.95, 0.50, 0.15);
  vec3 red = vec3(0.80, 0.12, 0.12);
  float m = max(max_deg, 21.0);
  if (deg < 10.0) return mix(green, yellow, deg / 10.0);
  if (deg < 20.0) return mix(yellow, orange, (deg - 10.0) / 10.0);
  return mix(orange, red, clamp((deg - 20.0) / (m - 20.0), 0.0, 1.0));
}

vec2 map_uv(vec4 rect, vec2 xy) {
  return vec2((xy.x - rect.x) / rect.z, (rect.y - xy.y) / rect.w);
}

float sun_visibility(vec2 xy) {
  if (u_shadow_on < 0.5) return 1.0;
  vec2 uv = map_uv(u_shadow_rect_m, xy);
  if (any(lessThan(uv, vec2(0.0))) || any(greaterThan(uv, vec2(1.0)))) return 1.0;
  return texture(u_shadow, uv).r;
}

vec3 apply_overlay(vec3 display_rgb, vec3 n) {
  if (u_overlay_on < 0.5) return display_rgb;
  vec2 uv = map_uv(u_overlay_rect_m, v_world.xy);
  if (any(lessThan(uv, vec2(0.0))) || any(greaterThan(uv, vec2(1.0)))) return display_rgb;
  vec4 o = texture(u_overlay, uv);
  // The overlay keeps a relief shade (light from above) so the ground still reads under it.
  float relief = 0.55 + 0.45 * clamp(n.z * 1.0 + 0.3 * n.x, 0.0, 1.0);
  return mix(display_rgb, o.rgb * relief, o.a);
}

// The true local vertical at map point xy (as to_true_vertical in dem.vert).
vec3 true_up(vec2 xy) {
  float rho = length(xy);
  if (rho < 1.0) return vec3(0.0, 0.0, 1.0);
  float c = 2.0 * atan(rho / (2.0 * 1737400.0));
  return vec3(xy / rho * sin(c), cos(c));
}

// Ground view only: small bumps and albedo speckle below the DEM's cell size, near the eye
// (display only: the data have no detail below 20 m; docs/sky.md). 2D value noise, hashed
// without sin() so it is stable in float32 on every GPU.
float hash12(vec2 p) {
  vec3 p3 = fract(vec3(p.xyx) * 0.1031);
  p3 += dot(p3, p3.yzx + 33.33);
  return fract((p3.x + p3.y) * p3.z);
}

float vnoise(vec2 p) {
  vec2 i = floor(p);
  vec2 f = fract(p);
  vec2 u = f * f * (3.0 - 2.0 * f);
  return mix(mix(hash12(i), hash12(i + vec2(1.0, 0.0)), u.x),
             mix(hash12(i + vec2(0.0, 1.0)), hash12(i + vec2(1.0, 1.0)), u.x), u.y);
}

float bumps_m(vec2 q) {
  return 0.04 * vnoise(q * 0.45) + 0.025 * vnoise(q * 1.7) + 0.012 * vnoise(q * 5.3);
}

// Returns the perturbed normal; albedo_scale gets the speckle.
vec3 regolith_detail(vec3 n, out float albedo_scale) {
  albedo_scale = 1.0;
  if (u_ground_detail < 0.5) return n;
  float dist = length(u_camera_pos - v_world);
  float fade = 1.0 - smoothstep(25.0, 250.0, dist);  // before the noise aliases
  if (fade <= 0.0) return n;
  vec2 q = v_world.xy - floor(u_camera_pos.xy / 1024.0) * 1024.0;  // small numbers
  const float e = 0.05;
  float h0 = bumps_m(q);
  vec2 grad = vec2(bumps_m(q + vec2(e, 0.0)) - h0, bumps_m(q + vec2(0.0, e)) - h0) / e;
  albedo_scale = mix(1.0, 0.82 + 0.36 * vnoise(q * 0.21 + 17.0), fade);
  return normalize(n - fade * vec3(grad, 0.0));
}

vec3 earthshine(vec3 n) {
  if (u_earthshine <= 0.0) return vec3(0.0);
  // The part of the Earth's disc above this point's horizon (flat local horizon).
  float sin_el = dot(true_up(v_world.xy), u_earth_dir);
  float above = smoothstep(-u_earth_radius_rad, u_earth_radius_rad, sin_el);
  return vec3(0.78, 0.87, 1.0) * (u_earthshine * max(dot(n, u_earth_dir), 0.0) * above);
}

void main() {
  // The regional terrain leaves out the local tile's area (exact per-pixel complement: no
  // z-fighting, no overlap; the tile's skirts hide the height step at its edge).
  if (v_world.x > u_hole_m.x && v_world.x < u_hole_m.z && v_world.y > u_hole_m.y &&
      v_world.y < u_hole_m.w)
    discard;
  vec3 n = normalize(v_normal);
  vec3 color;
  if (u_mode == 0) {
    float albedo_scale;
    vec3 n_geom = n;
    n = regolith_detail(n, albedo_scale);
    // The bumps shade only ground whose own surface faces the light: a bump cannot catch a Sun
    // (or Earth) that has set for the terrain under it.
    float sun_faces = u_ground_detail > 0.5 ? smoothstep(-0.005, 0.02, dot(n_geom, u_sun_dir)) : 1.0;
    float mu0 = max(dot(n, u_sun_dir), 0.0) * sun_faces;
    vec3 view = normalize(u_camera_pos - v_world);
    float mu = max(dot(n, view), 0.05);
    float direct = mix(mu0, 2.0 * mu0 / (mu0 + mu + 1e-4) * 0.5, 0.3) * sun_visibility(v_world.xy);
    float fill = 0.010 + 0.008 * n.z;
    float earth_faces =
        u_ground_detail > 0.5 ? smoothstep(-0.005, 0.02, dot(n_geom, u_earth_dir)) : 1.0;
    color = vec3(0.62 * albedo_scale) * (2.4 * (vec3(direct) + earthshine(n) * earth_faces) + fill);
  } else {
    vec2 az = u_sun_dir.xy;
    az = dot(az, az) > 1e-8 ? normalize(az) : vec2(0.0, -1.0);
    vec3 light = normalize(vec3(az * 0.7071, 0.7071));
    float shade = max(dot(n, light), 0.0);
    float relief = (0.45 + 0.7 * shade) * mix(0.6, 1.0, sun_visibility(v_world.xy));
    vec3 ramp;
    if (u_mode == 1) {
      float t = (v_height_m - u_height_range_m.x) /
                max(u_height_range_m.y - u_height_range_m.x, 1.0);
      ramp = height_ramp(t);
    } else {
      ramp = slope_ramp(v_slope_deg, u_slope_max_deg);
    }
    // The ramps are authored in display (sRGB) values: shade them there, no extra gamma.
    frag_color = vec4(apply_overlay(clamp(ramp * relief, 0.0, 1.0), n), 1.0);
    return;
  }
  frag_color = vec4(apply_overlay(pow(clamp(color, 0.0, 1.0), vec3(1.0 / 2.2)), n), 1.0);
}

// DEM chunk vertex shader (GLSL ES 3.00 body; the loader prepends the version line).
// Positions are relative to the chunk origin; u_offset_m moves them into the world frame.
layout(location = 0) in vec3 a_position_m;  // (x - origin.x, y - origin.y, height_m)
layout(location = 1) in vec3 a_normal;      // unit Horn normal, true scale

uniform mat4 u_view_proj;
uniform vec3 u_offset_m;  // chunk origin (x, y, 0), world frame
uniform float u_vertical_exaggeration;
// Ground view: the Moon's curvature around the eye, (x, y, -, on): each point drops by
// d^2 / 2R with d its map distance from (x, y), so the horizon and far massifs sink as they do.
uniform vec4 u_curvature_m;

out vec3 v_normal;
out vec3 v_world;
out float v_height_m;
out float v_slope_deg;

// The map is flat, the Moon is not: at map point xy the local vertical leans away from the pole
// by the angular distance c = 2 atan(rho / 2R) (south polar stereographic, R = 1737.4 km).
// Tilting each normal by it gives every point the Sun's true elevation there from one
// world-frame Sun direction (scenario::local_up_world, tested in sun_world_test.cpp).
const float kMoonRadiusM = 1737400.0;
vec3 to_true_vertical(vec3 n, vec2 xy) {
  float rho = length(xy);
  if (rho < 1.0) return n;
  vec2 u = xy / rho;  // away from the pole
  float c = 2.0 * atan(rho / (2.0 * kMoonRadiusM));
  float along = dot(n.xy, u);
  vec2 across = n.xy - along * u;
  return vec3(across + (along * cos(c) + n.z * sin(c)) * u, n.z * cos(c) - along * sin(c));
}

void main() {
  vec3 p = a_position_m;
  p.z *= u_vertical_exaggeration;
  p += u_offset_m;
  if (u_curvature_m.w > 0.5) {
    vec2 d = p.xy - u_curvature_m.xy;
    p.z -= dot(d, d) / (2.0 * kMoonRadiusM);
  }
  // The normal of z' = e z is (e n.xy, n.z), renormalised.
  v_normal = to_true_vertical(normalize(vec3(a_normal.xy * u_vertical_exaggeration, a_normal.z)),
                              p.xy);
  v_world = p;
  v_height_m = a_position_m.z;
  // Horn normal = normalize(-dz/dx, -dz/dy, 1): atan(|n.xy| / n.z) is the Horn slope exactly.
  v_slope_deg = degrees(atan(length(a_normal.xy), max(a_normal.z, 1e-6)));
  gl_Position = u_view_proj * vec4(p, 1.0);
}

// Terrain vertex shader (GLSL ES 3.00 body; the loader prepends the version line).
layout(location = 0) in vec3 a_position_m;  // x east-ish, y north-ish, z up (metres)
layout(location = 1) in vec3 a_normal;

uniform mat4 u_view_proj;
uniform float u_vertical_exaggeration;

out vec3 v_normal;
out float v_height_m;
out vec3 v_world;

// The map is flat, the Moon is not: at map point xy the local vertical leans away from the pole
// by the angular distance c = 2 atan(rho / 2R) (south polar stereographic, R = 1737.4 km). Tilting
// each normal by it gives every point the Sun's true elevation there from one world-frame Sun
// direction (the same geometry as scenario::local_up_world, tested in sun_world_test.cpp).
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
  v_normal = to_true_vertical(normalize(vec3(a_normal.xy * u_vertical_exaggeration, a_normal.z)),
                              a_position_m.xy);
  v_height_m = a_position_m.z;
  v_world = p;
  gl_Position = u_view_proj * vec4(p, 1.0);
}

// DEM chunk vertex shader (GLSL ES 3.00 body; the loader prepends the version line).
// Positions are relative to the chunk origin; u_offset_m moves them into the world frame.
layout(location = 0) in vec3 a_position_m;  // (x - origin.x, y - origin.y, height_m)
layout(location = 1) in vec3 a_normal;      // unit Horn normal, true scale

uniform mat4 u_view_proj;
uniform vec3 u_offset_m;  // chunk origin (x, y, 0), world frame
uniform float u_vertical_exaggeration;

out vec3 v_normal;
out vec3 v_world;
out float v_height_m;
out float v_slope_deg;

void main() {
  vec3 p = a_position_m;
  p.z *= u_vertical_exaggeration;
  p += u_offset_m;
  // The normal of z' = e z is (e n.xy, n.z), renormalised.
  v_normal = normalize(vec3(a_normal.xy * u_vertical_exaggeration, a_normal.z));
  v_world = p;
  v_height_m = a_position_m.z;
  // Horn normal = normalize(-dz/dx, -dz/dy, 1): atan(|n.xy| / n.z) is the Horn slope exactly.
  v_slope_deg = degrees(atan(length(a_normal.xy), max(a_normal.z, 1e-6)));
  gl_Position = u_view_proj * vec4(p, 1.0);
}

// Terrain vertex shader (GLSL ES 3.00 body; the loader prepends the version line).
layout(location = 0) in vec3 a_position_m;  // x east-ish, y north-ish, z up (metres)
layout(location = 1) in vec3 a_normal;

uniform mat4 u_view_proj;
uniform float u_vertical_exaggeration;

out vec3 v_normal;
out float v_height_m;
out vec3 v_world;

void main() {
  vec3 p = a_position_m;
  p.z *= u_vertical_exaggeration;
  v_normal = normalize(vec3(a_normal.xy * u_vertical_exaggeration, a_normal.z));
  v_height_m = a_position_m.z;
  v_world = p;
  gl_Position = u_view_proj * vec4(p, 1.0);
}

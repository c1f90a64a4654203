// Terrain fragment shader: regolith grey shaded by the Sun, with a faint earthshine fill and a
// subtle height tint so relief reads at a glance.
in vec3 v_normal;
in float v_height_m;
in vec3 v_world;

uniform vec3 u_sun_dir;        // unit vector toward the Sun (world frame)
uniform vec3 u_camera_pos;
uniform vec2 u_height_range_m; // min, max for the tint
uniform float u_height_tint;   // 0 = none, 1 = full colour ramp

out vec4 frag_color;

vec3 height_ramp(float t) {
  // Deep shadowed floors blue-grey, plains warm grey, high rims pale.
  vec3 low = vec3(0.28, 0.33, 0.42);
  vec3 mid = vec3(0.55, 0.53, 0.50);
  vec3 high = vec3(0.86, 0.84, 0.80);
  return t < 0.5 ? mix(low, mid, t * 2.0) : mix(mid, high, (t - 0.5) * 2.0);
}

void main() {
  vec3 n = normalize(v_normal);
  float t = clamp((v_height_m - u_height_range_m.x) /
                  max(u_height_range_m.y - u_height_range_m.x, 1.0), 0.0, 1.0);
  vec3 albedo = mix(vec3(0.62), height_ramp(t), u_height_tint);
  // Lambert with a touch of Lommel-Seeliger (regolith is not plastic), a dim earthshine
  // fill so shadowed ground is never pitch black, and gamma. No tone curve: the low polar Sun
  // should read as low, with dark sides and bright sunward slopes.
  float mu0 = max(dot(n, u_sun_dir), 0.0);
  vec3 view = normalize(u_camera_pos - v_world);
  float mu = max(dot(n, view), 0.05);
  float direct = mix(mu0, 2.0 * mu0 / (mu0 + mu + 1e-4) * 0.5, 0.3);
  float fill = 0.025 + 0.02 * n.z;
  vec3 color = albedo * (2.4 * direct + fill);
  frag_color = vec4(pow(clamp(color, 0.0, 1.0), vec3(1.0 / 2.2)), 1.0);
}

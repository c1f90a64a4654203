// Sky vertex shader: every object is a camera-facing quad around a direction at infinity.
// Stars come from a static buffer (ICRF direction, corner, magnitude) turned into the drawn
// frame by u_rotation; the Sun's glow, the Sun's disc and the Earth use u_body_dir and
// u_body_half_rad (the quad's half size as an angle) with the same corners.
layout(location = 0) in vec3 a_dir;     // stars: ICRF unit vector
layout(location = 1) in vec2 a_corner;  // (-1..1, -1..1)
layout(location = 2) in float a_mag;    // stars: visual magnitude

uniform mat4 u_sky_view_proj;  // projection * view rotation (no translation)
uniform mat3 u_rotation;       // ICRF -> drawn frame (stars)
uniform int u_mode;            // 0 stars, 1 Sun glow, 2 Sun disc, 3 Earth
uniform vec3 u_body_dir;       // drawn frame, unit
uniform float u_body_half_rad;
uniform float u_px_per_rad;    // viewport height / vertical field of view
uniform float u_star_gain;     // 0..1: stars dimmed when the Sun is in view

out vec2 v_corner;
out float v_brightness;
flat out vec3 v_right;
flat out vec3 v_up;
flat out vec3 v_dir;

void main() {
  vec3 d;
  float half_rad;
  if (u_mode == 0) {
    d = normalize(u_rotation * a_dir);
    // Brightness from the flux relative to a magnitude-1 star, compressed (square root) as
    // the eye sees a star field; brighter stars also look larger.
    float flux = pow(10.0, -0.4 * (a_mag - 1.0));
    v_brightness = clamp(0.9 * sqrt(flux), 0.05, 2.5) * u_star_gain;
    float radius_px = 1.3 + 1.5 * sqrt(clamp(flux, 0.0, 6.0));
    half_rad = radius_px / u_px_per_rad;
  } else {
    d = u_body_dir;
    half_rad = u_body_half_rad;
    v_brightness = 1.0;
  }
  vec3 helper = abs(d.z) < 0.95 ? vec3(0.0, 0.0, 1.0) : vec3(1.0, 0.0, 0.0);
  vec3 right = normalize(cross(d, helper));
  vec3 up = cross(right, d);
  v_right = right;
  v_up = up;
  v_dir = d;
  v_corner = a_corner;
  vec3 p = d + (a_corner.x * right + a_corner.y * up) * tan(half_rad);
  gl_Position = u_sky_view_proj * vec4(p, 1.0);
}

// Sky fragment shader (see sky.vert). Output is premultiplied: the stars and the Sun's glow add
// light (blend ONE, ONE), the Sun's disc and the Earth cover what lies behind them (blend ONE,
// ONE_MINUS_SRC_ALPHA).
in vec2 v_corner;
in float v_brightness;
flat in vec3 v_right;
flat in vec3 v_up;
flat in vec3 v_dir;

uniform int u_mode;
uniform float u_glow_scale;      // Sun glow: quad half size in Sun radii
uniform vec3 u_sun_from_earth;   // drawn frame, unit: lights the Earth's disc
uniform float u_earth_exposure;  // 1 at night; lower when the Sun is in view

out vec4 frag_color;

float hash(vec3 p) {
  p = fract(p * 0.3183099 + 0.1);
  p *= 17.0;
  return fract(p.x * p.y * p.z * (p.x + p.y + p.z));
}

float value_noise(vec3 x) {
  vec3 i = floor(x);
  vec3 f = fract(x);
  f = f * f * (3.0 - 2.0 * f);
  return mix(mix(mix(hash(i + vec3(0, 0, 0)), hash(i + vec3(1, 0, 0)), f.x),
                 mix(hash(i + vec3(0, 1, 0)), hash(i + vec3(1, 1, 0)), f.x), f.y),
             mix(mix(hash(i + vec3(0, 0, 1)), hash(i + vec3(1, 0, 1)), f.x),
                 mix(hash(i + vec3(0, 1, 1)), hash(i + vec3(1, 1, 1)), f.x), f.y),
             f.z);
}

float fbm(vec3 p) {
  float s = 0.0, a = 0.5;
  for (int i = 0; i < 4; ++i) {
    s += a * value_noise(p);
    p *= 2.03;
    a *= 0.5;
  }
  return s;
}

vec4 earth_color() {
  float r = length(v_corner);
  float aa = max(fwidth(r), 1e-3);
  float cover = 1.0 - smoothstep(1.0 - aa, 1.0 + aa, r);
  if (cover <= 0.0) discard;
  float rr = min(r, 0.999);
  // The sphere's surface normal under this pixel (drawn frame); the viewer looks along v_dir.
  vec3 n = normalize(v_corner.x * v_right + v_corner.y * v_up - sqrt(1.0 - rr * rr) * v_dir);
  float mu = dot(n, u_sun_from_earth);
  // Oceans, land and clouds from noise on the sphere (the Earth's look, not its geography).
  float land = smoothstep(0.52, 0.56, fbm(n * 2.6 + vec3(3.1, 0.7, 1.9)));
  float cloud = smoothstep(0.50, 0.75, fbm(n * 5.0 + vec3(9.2, 4.1, 0.3)));
  vec3 surface = mix(vec3(0.06, 0.17, 0.45), vec3(0.35, 0.40, 0.22), land);
  surface = mix(surface, vec3(0.95), cloud * 0.85);
  // Lambert with a soft terminator; a thin blue limb on the day side.
  float day = smoothstep(-0.03, 0.08, mu);
  float limb = pow(1.0 - sqrt(1.0 - rr * rr), 3.0);
  vec3 lit = surface * (0.15 + 1.6 * max(mu, 0.0)) * day + vec3(0.25, 0.45, 1.0) * limb * day;
  // The night side is not pure black in photographs: faint ashen light.
  vec3 night = vec3(0.002, 0.0025, 0.004);
  // Linear light to the display's gamma, as the terrain shader does.
  vec3 c = pow(clamp((lit + night) * u_earth_exposure, 0.0, 1.0), vec3(1.0 / 2.2));
  return vec4(c * cover, cover);
}

void main() {
  if (u_mode == 0) {
    float r2 = dot(v_corner, v_corner);
    float a = exp(-5.0 * r2) * v_brightness;
    frag_color = vec4(vec3(0.92, 0.95, 1.0) * a, 0.0);
  } else if (u_mode == 1) {
    // Glow around the Sun (scatter in the eye or the camera: there is no air on the Moon).
    float r = length(v_corner) * u_glow_scale;  // in Sun radii
    float g = 0.55 * exp(-(r - 1.0) / 1.6) + 0.22 * exp(-(r - 1.0) / 7.0);
    g *= 1.0 - smoothstep(0.7, 1.0, length(v_corner));
    frag_color = vec4(vec3(1.0, 0.90, 0.72) * clamp(g, 0.0, 1.0), 0.0);
  } else if (u_mode == 2) {
    float r = length(v_corner);
    float aa = max(fwidth(r), 1e-3);
    float cover = 1.0 - smoothstep(1.0 - aa, 1.0 + aa, r);
    if (cover <= 0.0) discard;
    float mu = sqrt(max(1.0 - r * r, 0.0));
    float limb = 1.0 - 0.6 * (1.0 - mu);  // limb darkening (visible light)
    vec3 c = vec3(1.0, 0.98, 0.93) * mix(0.86, 1.0, limb);
    frag_color = vec4(c * cover, cover);
  } else {
    frag_color = earth_color();
  }
}

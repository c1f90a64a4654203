// The scene texture, filtered up to the screen's size (bilinear).
in vec2 v_uv;

uniform sampler2D u_scene;

out vec4 frag_color;

void main() { frag_color = vec4(texture(u_scene, v_uv).rgb, 1.0); }

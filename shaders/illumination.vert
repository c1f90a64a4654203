// Illumination integrator: one triangle covering the accumulator grid (no vertex buffers; the
// corners come from gl_VertexID). Each fragment is one DEM cell (src/render/illumination_gpu).
void main() {
  vec2 corner = vec2(float((gl_VertexID & 1) * 4 - 1), float((gl_VertexID & 2) * 2 - 1));
  gl_Position = vec4(corner, 0.0, 1.0);
}

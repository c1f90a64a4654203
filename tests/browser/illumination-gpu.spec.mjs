// The illumination maps on the GPU in the browser (WebGL2 under SwiftShader): compute_maps with
// "backend": "cpu", then "gpu", on the same window; both report which backend ran and its time
// in the status's "maps", and the GPU's maps agree with the CPU's: mean percent lit and Earth in
// view within 0.2 percentage points (each within 0.1 of the per-instant definition), the same
// permanently shadowed cells, the longest darkness within one step. "auto" on a software
// renderer races the two and names the winner. Timings go to build/perf/illumination-gpu.json.
import { test, expect } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { explore, root, watchErrors } from './helpers.mjs';

// The single-threaded variant (the server without COOP/COEP): the CPU maps run in slices of the
// frames like the GPU's passes.
const plainPort = Number(process.env.CE8_TEST_PORT || 8431) + 1;

const run = (page, command) => page.evaluate((c) => window.ce8Command(c), command);
const mapsStatus = (page) => page.evaluate(() => window.ce8Status.app.maps);
const windowDays = 2, stepHours = 6;
// A small canvas: the single-threaded build's background jobs run in slices of each frame, so
// shorter frames give the horizon map and the CPU maps more of the wall clock.
test.use({ viewport: { width: 480, height: 320 } });

async function compute(page, backend) {
  const before = (await mapsStatus(page)).runs;
  const reply = await run(page, { cmd: 'compute_maps', window_days: windowDays, step_hours: stepHours, backend });
  expect(reply.ok).toBe(true);
  const t0 = Date.now();
  const timer = setInterval(async () => {
    try { console.log(`  ${backend} ${((Date.now() - t0) / 1000).toFixed(0)} s: ${JSON.stringify(await mapsStatus(page))}`); } catch (e) { /* page gone */ }
  }, 15_000);
  try {
    await page.waitForFunction((n) => {
      const m = window.ce8Status.app.maps;
      return m.runs > n && m.running === '';
    }, before, { timeout: 240_000 });
  } finally {
    clearInterval(timer);
    console.log(`${backend}: waited ${((Date.now() - t0) / 1000).toFixed(1)} s; ` +
      `maps ${JSON.stringify(await mapsStatus(page))}, maps_ready ${await page.evaluate(() => window.ce8Status.app.maps_ready)}`);
  }
  return mapsStatus(page);
}

test('the GPU integrates the same illumination maps as the CPU', async ({ page }) => {
  test.setTimeout(600_000);
  const errors = watchErrors(page);
  await page.goto(`http://127.0.0.1:${plainPort}/index.html`);
  await explore(page);
  await page.waitForFunction(() => window.ce8Status.app.shadows_ready, null, { timeout: 150_000 });
  const renderer = await page.evaluate(() => {
    const gl = document.createElement('canvas').getContext('webgl2');
    const info = gl && gl.getExtension('WEBGL_debug_renderer_info');
    return info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : '';
  });

  const gpu = await compute(page, 'gpu');
  const cpu = await compute(page, 'cpu');
  console.log(`renderer: ${renderer}`);
  console.log(`cpu: ${JSON.stringify(cpu)}`);
  console.log(`gpu: ${JSON.stringify(gpu)}`);
  expect(cpu.backend).toBe('cpu');
  expect(gpu.backend).toBe('gpu');
  expect(gpu.gpu_note).toBe('');
  const instants = Math.floor(windowDays * 24 / stepHours) + 1;
  expect(cpu.instants).toBe(instants);
  expect(gpu.instants).toBe(instants);
  expect(gpu.cells).toBe(cpu.cells);
  expect(cpu.cells).toBeGreaterThan(100_000);
  // Not a trivial map: part of the terrain lit, part in shadow, Earth partly hidden.
  expect(cpu.mean_percent_lit).toBeGreaterThan(5);
  expect(cpu.mean_percent_lit).toBeLessThan(95);
  expect(Math.abs(gpu.mean_percent_lit - cpu.mean_percent_lit)).toBeLessThanOrEqual(0.2);
  expect(Math.abs(gpu.mean_percent_earth - cpu.mean_percent_earth)).toBeLessThanOrEqual(0.2);
  expect(gpu.shadow_cells).toBe(cpu.shadow_cells);
  expect(Math.abs(gpu.max_longest_dark_h - cpu.max_longest_dark_h)).toBeLessThanOrEqual(stepHours);
  expect(Math.abs(gpu.mean_longest_dark_h - cpu.mean_longest_dark_h)).toBeLessThanOrEqual(stepHours);

  // auto: on a software renderer the GPU and the CPU race, and the one further along goes on.
  const software = /SwiftShader|llvmpipe|softpipe|Software/.test(renderer);
  const auto = await compute(page, 'auto');
  const autoBackend = auto.backend;
  console.log(`auto: ${autoBackend} in ${auto.compute_s.toFixed(1)} s (${auto.gpu_note})`);
  if (software) {
    expect(auto.gpu_note).toContain('software renderer');
    const race = /the (GPU|CPU) goes on/.exec(auto.gpu_note);
    if (race) expect(autoBackend).toBe(race[1].toLowerCase());
  } else {
    expect(autoBackend).toBe('gpu');
  }
  expect(Math.abs(auto.mean_percent_lit - cpu.mean_percent_lit)).toBeLessThanOrEqual(0.2);

  const cellInstants = cpu.cells * instants;
  const perf = {
    renderer, grid_cells: cpu.cells, instants, window_days: windowDays, step_hours: stepHours,
    cpu_s: cpu.compute_s, gpu_s: gpu.compute_s, gpu_cpu_cells: gpu.cpu_cells,
    cpu_cell_instants_per_s: cellInstants / cpu.compute_s,
    gpu_cell_instants_per_s: cellInstants / gpu.compute_s,
    auto_backend: autoBackend, auto_s: auto.compute_s, auto_note: auto.gpu_note,
  };
  mkdirSync(resolve(root, 'build/perf'), { recursive: true });
  writeFileSync(resolve(root, 'build/perf/illumination-gpu.json'), JSON.stringify(perf, null, 2) + '\n');
  console.log(`perf: ${JSON.stringify(perf)}`);
  expect(errors).toEqual([]);
});

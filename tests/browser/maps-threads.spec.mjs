// compute_maps' "threads" (docs/commands.md): in the threaded page the CPU maps on 1 and on 2
// threads are the same maps (summary numbers), and the status says how many threads computed
// them and how long the job took; a bad thread count is refused with a one-line error naming it
// and the maps stay. The single-threaded page refuses 2 threads, saying why. Timing is
// scripts/bench_browser's business, not this test's.
import { test, expect } from '@playwright/test';
import { isolatedPort, plainPort } from './playwright.config.mjs';
import { explore, watchErrors } from './helpers.mjs';

const run = (page, command) => page.evaluate((c) => window.ce8Command(c), command);
const maps = (page) => page.evaluate(() => window.ce8Status.app.maps);
const summary = (m) => ({
  instants: m.instants, cells: m.cells, mean_percent_lit: m.mean_percent_lit,
  mean_percent_earth: m.mean_percent_earth, mean_longest_dark_h: m.mean_longest_dark_h,
  max_longest_dark_h: m.max_longest_dark_h, shadow_cells: m.shadow_cells,
});
// A short window: the test checks behaviour, the benchmark the time.
const request = { cmd: 'compute_maps', window_days: 2, step_hours: 6, backend: 'cpu' };

test.use({ viewport: { width: 480, height: 320 } });

async function computeWith(page, threads) {
  const before = (await maps(page)).runs;
  const reply = await run(page, { ...request, threads });
  expect(reply).toEqual({ ok: true });
  await page.waitForFunction((n) => {
    const m = window.ce8Status.app.maps;
    return m.runs > n && m.running === '';
  }, before, { timeout: 120_000 });
  return maps(page);
}

test('threaded page: maps on 1 and 2 threads agree, the status says which, bad counts are refused', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = watchErrors(page);
  await page.goto(`http://127.0.0.1:${isolatedPort}/index.html`);
  await explore(page);
  expect(await page.evaluate(() => window.ce8Status.variant.name)).toBe('threads');
  await page.waitForFunction(() => window.ce8Status.app.shadows_ready, null, { timeout: 120_000 });

  const one = await computeWith(page, 1);
  const two = await computeWith(page, 2);
  expect(one.backend).toBe('cpu');
  expect(one.threads).toBe(1);
  expect(two.threads).toBe(2);
  expect(two.threads_requested).toBe(2);
  expect(two.max_threads).toBeGreaterThanOrEqual(2);
  expect(one.job_s).toBeGreaterThan(0);
  expect(two.job_s).toBeGreaterThan(0);
  expect(two.compute_s).toBeGreaterThan(0);
  expect(one.instants).toBe(9);  // 2 days every 6 h, both ends
  expect(summary(two)).toEqual(summary(one));

  // Refused, one line each, naming "threads"; nothing else changes.
  const most = two.max_threads;
  for (const [value, words] of [[0, `from 1 to ${most}`], [-1, `from 1 to ${most}`],
    [99, `from 1 to ${most} in this build, not 99`], ['x', 'must be a whole number'], [1.5, 'must be a whole number']]) {
    const reply = await run(page, { ...request, threads: value });
    expect(reply.ok).toBe(false);
    expect(reply.error).toContain('compute_maps: "threads"');
    expect(reply.error).toContain(words);
    expect(reply.error).not.toContain('\n');
  }
  await page.waitForTimeout(1000);  // a few frames: no maps were started
  const after = await maps(page);
  expect(after.runs).toBe(two.runs);
  expect(after.running).toBe('');
  expect(after.threads).toBe(2);
  expect(after.threads_requested).toBe(2);
  expect(summary(after)).toEqual(summary(two));
  expect(await page.evaluate(() => window.ce8Status.app.maps_ready)).toBe(true);
  expect(errors).toEqual([]);
});

test('single-threaded page: 2 threads are refused with a clear message', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = watchErrors(page);
  await page.goto(`http://127.0.0.1:${plainPort}/index.html`);
  await explore(page);
  expect(await page.evaluate(() => window.ce8Status.variant.name)).toBe('single');
  const before = await maps(page);
  expect(before.max_threads).toBe(1);
  expect(before.default_threads).toBe(1);
  const reply = await run(page, { ...request, threads: 2 });
  expect(reply.ok).toBe(false);
  expect(reply.error).toBe('compute_maps: "threads" can only be 1 in this build, not 2: it has no ' +
    'worker threads (the single-threaded WebAssembly page)');
  await page.waitForTimeout(1000);
  const after = await maps(page);
  expect(after.runs).toBe(before.runs);
  expect(after.running).toBe('');
  expect(after.requested).toBe(before.requested);
  expect(errors).toEqual([]);
});

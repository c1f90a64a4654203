// The two builds of the explorer: the cross-origin isolated server must load the threaded one
// (threads/explorer.js; its engine runs jobs on worker threads), the plain server the
// single-threaded one (its jobs run in slices of the frame); either way cast shadows get
// computed and the page shows no errors.
// Each run also records how the explorer feels in headless Chromium (SwiftShader) at 1280x800,
// for the benchmark table (scripts/bench_table.py): time to the first frame, long main-thread
// tasks after it (PerformanceObserver 'longtask'), the median frame, the time to cast shadows,
// and where a frame's time goes (the app's stage timers, window.ce8Status.app.frame_ms), into
// build/perf/browser-<variant>.json. Nothing asserts on time (benchmarks measure, tests check
// behaviour).
import { test, expect } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isolatedPort, plainPort } from './playwright.config.mjs';
import { root, watchErrors } from './helpers.mjs';
import { readPerf, recorder, summarizePerf } from './perf.mjs';

// Seconds watched after the first frame (the baseline watched 55 s).
const watchS = Number(process.env.CE8_PERF_SECONDS || 20);
const outDir = resolve(root, 'build/perf');

async function measure(page, port, expectThreads) {
  const errors = watchErrors(page);
  await page.addInitScript(recorder);
  await page.goto(`http://127.0.0.1:${port}/index.html`);
  await page.waitForFunction(() => window.__ce8Perf.firstFrameAt !== null, null, { timeout: 120_000 });
  const variant = await page.evaluate(() => window.ce8Status.variant || null);
  expect(variant).toEqual({ name: expectThreads ? 'threads' : 'single', threads: expectThreads });
  const script = await page.evaluate(() => Array.from(document.scripts).map((s) => s.getAttribute('src')));
  expect(script).toContain(expectThreads ? 'threads/explorer.js' : 'explorer.js');
  // The engine itself says how its jobs run: the wasm that loaded is the one the page chose.
  await page.waitForFunction(() => window.ce8Status.app && window.ce8Status.app.jobs, null, { timeout: 30_000 });
  const jobs = await page.evaluate(() => window.ce8Status.app.jobs);
  expect(jobs.threads).toBe(expectThreads);
  expect(jobs.job_threads >= 1).toBe(true);
  await page.waitForTimeout(watchS * 1000);
  const raw = await readPerf(page);
  const result = {
    variant: variant.name,
    threads: variant.threads,
    job_threads: jobs.job_threads,
    viewport: '1280x800',
    ...summarizePerf(raw, watchS),
  };
  console.log(JSON.stringify(result));
  // Shadows get computed either way (within the test's time; how fast is the table's business).
  await page.waitForFunction(() => window.ce8Status.shadows && window.ce8Status.shadows.ready, null,
    { timeout: 150_000 });
  mkdirSync(outDir, { recursive: true });
  writeFileSync(resolve(outDir, `browser-${result.variant}.json`), JSON.stringify(result, null, 2) + '\n');
  expect(result.longtask_observer_error).toBeNull();
  expect(result.frames).toBeGreaterThan(0);
  expect(errors).toEqual([]);
  return result;
}

test.describe('threaded and single-threaded builds (timings recorded to build/perf)', () => {
  test.setTimeout(300_000);
  test('threaded variant on the cross-origin isolated server', async ({ page }) => {
    await measure(page, isolatedPort, true);
  });
  test('single-threaded variant on the plain server', async ({ page }) => {
    await measure(page, plainPort, false);
  });
});

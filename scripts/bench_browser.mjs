// The browser's half of scripts/bench_browser: the explorer in headless Chromium (Debian's
// /usr/bin/chromium, SwiftShader, the Playwright of tests/browser) at 1280x800, the
// single-threaded page (server without COOP/COEP) and the threaded one (cross-origin isolated).
// For each: first frame, long tasks and the median frame over the first WATCH_S seconds of the
// start screen (tests/browser/perf.mjs, as variants.spec.mjs measures them), cast shadows ready
// after the first frame; then the illumination maps of one compute_maps request on the CPU
// (the window of bench/bench_app_maps.cpp) with each thread count asked for, timed by the app
// (status maps.job_s and compute_s) and by the page (request to the frame that shows them).
// Usage: node scripts/bench_browser.mjs SITE_DIR OUT.json FROM DAYS STEP_H THREADS... [--single 1]
//   e.g. node scripts/bench_browser.mjs build/web out.json 2028-01-01T00:00:00Z 90 1 1 2 4
// Env: CE8_TEST_PORT (default 8471; the threaded page's server, the single page's on the next
// port), CE8_PERF_SECONDS (default 20).
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSiteServer } from './serve.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { chromium } = await import(resolve(root, 'tests/browser/node_modules/@playwright/test/index.mjs'));
const { chromiumArgs } = await import(resolve(root, 'tests/browser/playwright.config.mjs'));
const { readPerf, recorder, round, summarizePerf } = await import(resolve(root, 'tests/browser/perf.mjs'));

const [site, outPath, from, days, stepH, ...threadArgs] = process.argv.slice(2);
if (!site || !outPath || !from || !days || !stepH || threadArgs.length === 0) {
  console.error('usage: bench_browser.mjs SITE_DIR OUT.json FROM DAYS STEP_H THREADS... [--single N...]');
  process.exit(2);
}
const split = threadArgs.indexOf('--single');
const threadedCounts = (split < 0 ? threadArgs : threadArgs.slice(0, split)).map(Number);
const singleCounts = split < 0 ? [1] : threadArgs.slice(split + 1).map(Number);
const watchS = Number(process.env.CE8_PERF_SECONDS || 20);
const port = Number(process.env.CE8_TEST_PORT || 8471);
const log = (text) => console.error(`bench_browser: ${text}`);

function listen(isolation, p) {
  const server = createSiteServer(() => site, { isolation });
  return new Promise((ok, fail) => {
    server.once('error', (e) => fail(new Error(`port ${p}: ${e.code === 'EADDRINUSE' ? 'already in use' : e.message}`)));
    server.listen(p, '127.0.0.1', () => ok(server));
  });
}

// One compute_maps request; waits for the maps and returns the app's and the page's times.
async function computeMaps(page, threads) {
  const before = await page.evaluate(() => window.ce8Status.app.maps.runs);
  const request = { cmd: 'compute_maps', window_days: Number(days), step_hours: Number(stepH), backend: 'cpu', threads };
  const t0 = Date.now();
  const [reply, pageMs] = await page.evaluate(async ([c, n]) => {
    const start = performance.now();
    const r = window.ce8Command(c);
    if (!r.ok) return [r, null];
    await new Promise((done) => {
      const look = () => {
        const m = window.ce8Status.app.maps;
        if (m.runs > n && m.running === '') done();
        else requestAnimationFrame(look);
      };
      requestAnimationFrame(look);
    });
    return [r, performance.now() - start];
  }, [request, before]);
  if (!reply.ok) throw new Error(`compute_maps with threads ${threads}: ${reply.error}`);
  const maps = await page.evaluate(() => window.ce8Status.app.maps);
  log(`  maps on ${maps.threads} thread(s): job ${maps.job_s.toFixed(2)} s, ` +
      `page ${(pageMs / 1000).toFixed(2)} s (${((Date.now() - t0) / 1000).toFixed(1)} s here)`);
  return { threads_asked: threads, page_s: round(pageMs / 1000, 3), ...maps };
}

async function measure(browser, variant, p, counts) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.addInitScript(recorder);
  log(`${variant} page: loading`);
  await page.goto(`http://127.0.0.1:${p}/index.html`);
  await page.waitForFunction(() => window.__ce8Perf.firstFrameAt !== null, null, { timeout: 180_000 });
  const loaded = await page.evaluate(() => window.ce8Status.variant || null);
  if (!loaded || loaded.name !== variant) throw new Error(`expected the ${variant} page, got ${JSON.stringify(loaded)}`);
  await page.waitForTimeout(watchS * 1000);
  const result = { variant, viewport: '1280x800', ...summarizePerf(await readPerf(page), watchS) };
  // Shadows (the horizon map the maps need) if they were not ready within the watched time.
  await page.waitForFunction(() => window.__ce8Perf.shadowsAt !== null, null, { timeout: 300_000 });
  const perf = await page.evaluate(() => window.__ce8Perf);
  result.shadows_after_first_frame_s = round((perf.shadowsAt - perf.firstFrameAt) / 1000, 2);
  const app = await page.evaluate(() => window.ce8Status.app);
  result.job_threads = app.jobs.job_threads;
  result.terrain = app.terrain;
  log(`${variant} page: first frame ${result.first_frame_s} s, shadows +${result.shadows_after_first_frame_s} s, ` +
      `median frame ${result.median_frame_ms} ms, ${result.long_tasks} long tasks`);
  // Into explore mode at a fixed instant, as tests/browser/helpers.mjs explore() does.
  await page.locator('#start-explore').click({ timeout: 30_000 });
  await page.evaluate((t) => {
    window.ce8Command({ cmd: 'pause' });
    window.ce8Command({ cmd: 'set_clock', time: t });
    window.ce8Command({ cmd: 'reset_view' });
  }, from);
  await page.waitForFunction((t) => window.ce8Status.app.clock_mode === 'stopped' &&
    window.ce8Status.app.time_iso.startsWith(t.slice(0, 16)), from, { timeout: 30_000 });
  await page.waitForTimeout(2500);  // the camera's flight to the overview
  result.clock = await page.evaluate(() => window.ce8Status.app.time_iso);
  result.maps = [];
  for (const n of counts) result.maps.push(await computeMaps(page, n));
  result.page_errors = errors;
  await context.close();
  return result;
}

const servers = [await listen(true, port), await listen(false, port + 1)];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs, headless: true });
try {
  const out = {
    request: { from, window_days: Number(days), step_hours: Number(stepH), backend: 'cpu' },
    single: await measure(browser, 'single', port + 1, singleCounts),
    threads: await measure(browser, 'threads', port, threadedCounts),
  };
  writeFileSync(outPath, JSON.stringify(out, null, 2) + '\n');
} finally {
  await browser.close();
  for (const s of servers) s.close();
}

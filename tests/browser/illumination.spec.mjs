// Cast shadows in the browser: after the first frame the horizon map of the regional terrain is
// built in the background (the page keeps drawing), the page reports it ready, and moving the
// clock moves the shadows (the picture changes where the Sun's azimuth changed); no errors.
import { test, expect } from '@playwright/test';
import { resolve } from 'node:path';
import { shots, watchErrors } from './helpers.mjs';

// Luma of every 7th pixel of the canvas's last composited frame.
async function lumaSamples(page) {
  return page.evaluate(async () => {
    const c = document.getElementById('canvas');
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const img = new Image();
    await new Promise((r) => { img.onload = r; img.src = c.toDataURL('image/png'); });
    const off = document.createElement('canvas');
    off.width = img.width; off.height = img.height;
    const ctx = off.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, off.width, off.height).data;
    const out = [];
    for (let i = 0; i < d.length; i += 4 * 7) out.push(Math.round(0.299 * d[i] + 0.587 * d[i + 1] + 0.114 * d[i + 2]));
    return out;
  });
}

// Stops the clock at `iso` and waits until the shadow texture was recomputed for it.
async function setClock(page, iso) {
  const before = await page.evaluate(() => window.ce8Status.shadows.updates);
  await page.evaluate((t) => window.ce8Command({ cmd: 'set_clock', time: t }), iso);
  await page.waitForFunction((n) => window.ce8Status.shadows.updates > n, before, { timeout: 30_000 });
  await page.waitForTimeout(400);
}

test('cast shadows are computed in the background and sweep with the clock', async ({ page }) => {
  test.setTimeout(300_000);
  const errors = watchErrors(page);
  const t0 = Date.now();
  await page.goto('/index.html');
  await page.waitForFunction(() => window.ce8Status && window.ce8Status.firstFrame, null, { timeout: 60_000 });
  const firstFrameS = (Date.now() - t0) / 1000;
  // The first frame does not wait for shadows.
  expect(await page.evaluate(() => !!(window.ce8Status.shadows && window.ce8Status.shadows.ready))).toBe(false);
  await page.waitForFunction(() => window.ce8Status.shadows && window.ce8Status.shadows.ready, null,
    { timeout: 240_000 });
  const s = await page.evaluate(() => window.ce8Status.shadows);
  console.log(`first frame ${firstFrameS.toFixed(1)} s; horizon map ${(s.bytes / 1048576).toFixed(0)} MiB ` +
    `in ${s.wallS.toFixed(1)} s (${s.workS.toFixed(2)} s of work); visibility update ${s.updateMs.toFixed(1)} ms`);
  expect(s.bytes).toBeLessThanOrEqual(64 * 1048576);

  // Two instants a week apart: the Sun's azimuth moves by about 90 deg around the pole.
  await setClock(page, '2028-10-27T00:00:00Z');
  const a = await lumaSamples(page);
  await page.screenshot({ path: resolve(shots, 'illumination-shadows-a.png') });
  await setClock(page, '2028-11-03T00:00:00Z');
  const b = await lumaSamples(page);
  await page.screenshot({ path: resolve(shots, 'illumination-shadows-b.png') });
  expect(a.length).toBe(b.length);
  let changed = 0;
  for (let i = 0; i < a.length; i++) if (Math.abs(a[i] - b[i]) > 24) changed++;
  const frac = changed / a.length;
  console.log(`pixels changed between the two instants: ${(100 * frac).toFixed(1)}%`);
  expect(frac).toBeGreaterThan(0.02);
  const u = await page.evaluate(() => window.ce8Status.shadows);
  console.log(`visibility update in the browser: ${u.updateMs.toFixed(1)} ms (${u.updates} updates)`);
  expect(errors).toEqual([]);
});

// A lost WebGL context (docs/offline.md): WEBGL_lose_context loses it and restores it; the app
// makes every GL object again (terrain, shadows, sky, the panels' font and buffers) and goes on
// drawing with the session unchanged, without a page error.
import { test, expect } from '@playwright/test';
import { resolve } from 'node:path';
import { explore, shots, watchErrors } from './helpers.mjs';

// The canvas after a frame: distinct grey levels and the share of near-black samples.
function canvasStats(page) {
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
    const levels = new Set();
    let dark = 0, n = 0, sum = 0;
    for (let i = 0; i < d.length; i += 4 * 97) {
      const l = Math.round(0.299 * d[i] + 0.587 * d[i + 1] + 0.114 * d[i + 2]);
      levels.add(l); n++; sum += l * (i % 7919);
      if (l < 12) dark++;
    }
    return { levels: levels.size, dark: dark / n, checksum: sum };
  });
}

// The status without what moves by itself (the drive's rover position on screen).
const steady = (page) => page.evaluate(() => {
  const s = structuredClone(window.ce8Status.app);
  delete s.traverse;
  delete s.frame_ms;  // timings and the adaptive resolution are not the session
  delete s.render;
  return s;
});

test('a lost WebGL context is restored and the explorer draws on with the same session', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = watchErrors(page);
  await page.goto('/index.html');
  await page.waitForFunction(() => window.ce8Status && window.ce8Status.firstFrame, null, { timeout: 90_000 });
  await explore(page);
  await page.evaluate(() => {
    window.ce8Command({ cmd: 'select_site', site: 'cabeus' });
    window.ce8Command({ cmd: 'set_clock', time: '2028-11-02T12:00:00Z' });
  });
  await page.waitForFunction(() => window.ce8Status.app.site.id === 'cabeus');
  await page.waitForTimeout(500);
  const before = await canvasStats(page);
  const state = await steady(page);
  expect(before.levels).toBeGreaterThan(60);

  // Lose the context: the page says so; nothing is drawn.
  await page.evaluate(() => {
    const ext = document.getElementById('canvas').getContext('webgl2').getExtension('WEBGL_lose_context');
    window.ce8LoseContext = ext;
    ext.loseContext();
  });
  await page.waitForFunction(() => window.ce8Status.gl.lost === 1);
  await expect(page.locator('#notice')).toBeVisible();
  expect(await page.evaluate(() => window.ce8Status.error)).toBeNull();
  await page.waitForTimeout(1000);

  // Restore it: frames are drawn again, lit terrain and panels, and the session is the same.
  await page.evaluate(() => window.ce8LoseContext.restoreContext());
  await page.waitForFunction(() => window.ce8Status.gl.restored === 1);
  await page.waitForFunction(() => window.ce8Status.notice === 'The graphics context was restored');
  await page.waitForTimeout(1500);
  await page.screenshot({ path: resolve(shots, 'browser-context-restored.png') });
  const restored = await canvasStats(page);
  console.log(`before: ${before.levels} grey levels, ${(before.dark * 100).toFixed(1)}% near-black; ` +
    `after restore: ${restored.levels} grey levels, ${(restored.dark * 100).toFixed(1)}% near-black`);
  expect(restored.levels).toBeGreaterThan(60);
  expect(restored.dark).toBeLessThan(0.9);
  expect(await steady(page)).toEqual(state);

  // And it goes on drawing: another view gives another picture.
  expect((await page.evaluate(() => window.ce8Command({ cmd: 'fly_to', site: 'leibnitz-beta', duration_s: 0 }))).ok).toBe(true);
  await page.waitForTimeout(1500);
  const moved = await canvasStats(page);
  expect(moved.checksum).not.toBe(restored.checksum);
  expect(moved.levels).toBeGreaterThan(60);
  expect(await page.evaluate(() => window.ce8Status.error)).toBeNull();
  expect(errors).toEqual([]);
});

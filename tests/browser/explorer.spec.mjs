// The explorer page, as a visitor sees it: it loads, renders its first frame with the 3D view
// and the panels, logs no errors, and still starts without cross-origin isolation headers.
import { test, expect } from '@playwright/test';
import { resolve } from 'node:path';
import { explore, shots, watchErrors } from './helpers.mjs';
const isolatedPort = Number(process.env.CE8_TEST_PORT || 8431);
const plainPort = isolatedPort + 1;

// Samples the canvas after a frame: how many distinct grey levels, how much is near-black.
async function canvasStats(page) {
  return page.evaluate(async () => {
    const c = document.getElementById('canvas');
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const img = new Image();
    // toDataURL reads the drawing buffer of the last composited frame.
    const url = c.toDataURL('image/png');
    await new Promise((r) => { img.onload = r; img.src = url; });
    const off = document.createElement('canvas');
    off.width = img.width; off.height = img.height;
    const ctx = off.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, off.width, off.height).data;
    const levels = new Set();
    let dark = 0, bright = 0, n = 0;
    for (let i = 0; i < d.length; i += 4 * 97) {
      const l = Math.round(0.299 * d[i] + 0.587 * d[i + 1] + 0.114 * d[i + 2]);
      levels.add(l); n++;
      if (l < 12) dark++;
      if (l > 200) bright++;
    }
    return { width: c.width, height: c.height, levels: levels.size, dark: dark / n, bright: bright / n };
  });
}

for (const [label, port, isolated] of [['isolated', isolatedPort, true], ['no COOP/COEP', plainPort, false]]) {
  test(`explorer renders the 3D view and panels (${label})`, async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto(`http://127.0.0.1:${port}/index.html`);
    await expect(page.locator('#loader')).toBeVisible();
    await page.waitForFunction(() => window.ce8Status && (window.ce8Status.firstFrame || window.ce8Status.error),
      null, { timeout: 60_000 });
    const status = await page.evaluate(() => window.ce8Status);
    expect(status.error).toBeNull();
    expect(status.crossOriginIsolated).toBe(isolated);
    await expect(page.locator('#loader')).toBeHidden();
    await explore(page);
    const shot = resolve(shots, `browser-${isolated ? 'isolated' : 'plain'}.png`);
    await page.screenshot({ path: shot });
    const stats = await canvasStats(page);
    console.log(`${label}: canvas ${stats.width}x${stats.height}, ${stats.levels} grey levels, ` +
      `${(stats.dark * 100).toFixed(1)}% near-black, ${(stats.bright * 100).toFixed(1)}% bright`);
    expect(stats.width).toBeGreaterThanOrEqual(1280);
    expect(stats.height).toBeGreaterThanOrEqual(800);
    expect(stats.levels).toBeGreaterThan(60);  // lit terrain, not a flat fill
    expect(stats.dark).toBeLessThan(0.9);       // not a black canvas
    expect(stats.bright).toBeGreaterThan(0.002); // the panels' text is there
    expect(errors).toEqual([]);
  });
}

test('camera responds to dragging and the wheel', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/index.html');
  await page.waitForFunction(() => window.ce8Status && window.ce8Status.firstFrame, null, { timeout: 60_000 });
  await explore(page);
  // Cast shadows arrive from background work: wait for them, then the picture must hold still.
  await page.waitForFunction(() => window.ce8Status.app.shadows_ready, null, { timeout: 60_000 });
  await page.waitForTimeout(500);
  // A patch of terrain away from the panels and the fps counter (which change on their own).
  const clip = { x: 440, y: 420, width: 400, height: 220 };
  const before = await page.screenshot({ clip });
  const still = await page.screenshot({ clip });
  expect(Buffer.compare(before, still)).toBe(0);  // nothing moves without input
  // Drag in the middle of the view (away from the panels), then zoom.
  await page.mouse.move(640, 600);
  await page.mouse.down();
  await page.mouse.move(760, 560, { steps: 8 });
  await page.mouse.up();
  await page.mouse.wheel(0, -400);
  await page.waitForTimeout(1000);
  const after = await page.screenshot({ clip });
  expect(Buffer.compare(before, after)).not.toBe(0);
  expect(errors).toEqual([]);
});

test('a page without WebGL2 shows a clear message', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(() => {
    const orig = HTMLCanvasElement.prototype.getContext;
    HTMLCanvasElement.prototype.getContext = function (kind, ...rest) {
      return kind === 'webgl2' ? null : orig.call(this, kind, ...rest);
    };
  });
  await page.goto('/index.html');
  await expect(page.locator('#fatal')).toBeVisible();
  await expect(page.locator('#fatal-text')).toContainText('WebGL2');
  await context.close();
});

test('the Sky and time panel is open beside the landing sites and a terrain click picks a site', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/index.html');
  await page.waitForFunction(() => window.ce8Status && window.ce8Status.firstFrame, null, { timeout: 60_000 });
  await explore(page);
  // The Sky panel stands on the right under Landing sites (1280x800 layout): its area holds the
  // panel's background and text, not the terrain alone.
  const panel = { x: 880, y: 240, width: 380, height: 540 };
  await page.screenshot({ path: resolve(shots, 'browser-sky-panel.png'), clip: panel });
  const lit = await page.evaluate(async (r) => {
    const c = document.getElementById('canvas');
    await new Promise((res) => requestAnimationFrame(() => requestAnimationFrame(res)));
    const img = new Image();
    await new Promise((res) => { img.onload = res; img.src = c.toDataURL('image/png'); });
    const off = document.createElement('canvas');
    off.width = img.width; off.height = img.height;
    const ctx = off.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const sx = img.width / window.innerWidth, sy = img.height / window.innerHeight;
    const d = ctx.getImageData(r.x * sx, r.y * sy, r.width * sx, r.height * sy).data;
    let bright = 0, gold = 0, n = 0;
    for (let i = 0; i < d.length; i += 4 * 7) {
      n++;
      if (d[i] > 200 && d[i + 1] > 200 && d[i + 2] > 200) bright++;
      if (d[i] > 200 && d[i + 1] > 150 && d[i + 2] < 130) gold++;  // the clock's time, the Sun
    }
    return { bright: bright / n, gold: gold / n };
  }, panel);
  expect(lit.bright).toBeGreaterThan(0.003);
  expect(lit.gold).toBeGreaterThan(0.0003);
  // A click without dragging on open terrain picks a point (the Sky panel switches to it).
  const before = await page.screenshot({ clip: panel });
  await page.mouse.click(640, 620);
  await page.waitForTimeout(600);
  const after = await page.screenshot({ clip: panel });
  expect(Buffer.compare(before, after)).not.toBe(0);
  await page.screenshot({ path: resolve(shots, 'browser-map-click.png') });
  expect(errors).toEqual([]);
});

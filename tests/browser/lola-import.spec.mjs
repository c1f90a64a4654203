// LOLA PDS3 import in the browser: the repository's samples (assets/lola) picked as label +
// image together replace the terrain (a polar stereographic grid on its own cells; the simple
// cylindrical LDEM_4 cap reprojected onto a polar cap grid); a truncated image or a label
// without its image gives a one-line message and the terrain stays as it was.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { explore, root, shots, watchErrors } from './helpers.mjs';

const lola = resolve(root, 'assets/lola');
const view = { x: 460, y: 330, width: 380, height: 280 };  // terrain between the panels

async function start(page) {
  await page.goto('/index.html');
  await page.waitForFunction(() => window.ce8Status && window.ce8Status.firstFrame, null, { timeout: 60_000 });
  await explore(page);  // importing is explore mode's (the Terrain panel)
}

async function nextImportResult(page, count) {
  await page.waitForFunction((n) => window.ce8Status.importResult && window.ce8Status.importResult.count > n,
    count, { timeout: 60_000 });
  return page.evaluate(() => window.ce8Status.importResult);
}

test('a polar LOLA product (label + image) replaces the terrain on its own grid', async ({ page }) => {
  const errors = watchErrors(page);
  await start(page);
  const shotBefore = await page.screenshot({ clip: view });
  await page.setInputFiles('#dem-file', [resolve(lola, 'shackleton-40m.lbl'), resolve(lola, 'shackleton-40m.img')]);
  const result = await nextImportResult(page, 0);
  expect(result.ok, result.message).toBe(true);
  const terrain = await page.evaluate(() => window.ce8Status.terrain);
  expect(terrain).toEqual({ source: 'shackleton-40m.lbl', width: 256, height: 256, cellM: 40 });
  await page.waitForTimeout(2000);  // the camera flies over
  await page.screenshot({ path: resolve(shots, 'browser-lola-polar.png') });
  const shotAfter = await page.screenshot({ clip: view });
  expect(Buffer.compare(shotBefore, shotAfter)).not.toBe(0);
  expect(errors).toEqual([]);
});

test('the cylindrical LDEM_4 cap is reprojected onto a polar cap grid', async ({ page }) => {
  const errors = watchErrors(page);
  await start(page);
  // The image first: the order of the picked files does not matter.
  await page.setInputFiles('#dem-file', [resolve(lola, 'ldem4-cap.img'), resolve(lola, 'ldem4-cap.lbl')]);
  const result = await nextImportResult(page, 0);
  expect(result.ok, result.message).toBe(true);
  const terrain = await page.evaluate(() => window.ce8Status.terrain);
  expect(terrain.source).toBe('ldem4-cap.lbl');
  expect(terrain.width).toBe(terrain.height);
  // 80 S along the axes (2 x 304 km) in LDEM_4's own 0.25 deg = 7580.84 m cells.
  expect(terrain.cellM).toBeCloseTo(7580.84, 1);
  expect(terrain.width * terrain.cellM).toBeGreaterThan(2 * 303_000);
  expect(terrain.width * terrain.cellM).toBeLessThan(2 * 303_000 + 2 * terrain.cellM + 1);
  await page.waitForTimeout(2000);
  await page.screenshot({ path: resolve(shots, 'browser-lola-cylindrical.png') });
  expect(errors).toEqual([]);
});

test('a truncated image or a missing one is refused and the terrain stays', async ({ page }) => {
  const errors = watchErrors(page);
  await start(page);
  const shotBefore = await page.screenshot({ clip: view });
  const lbl = { name: 'shackleton-40m.lbl', mimeType: 'text/plain', buffer: readFileSync(resolve(lola, 'shackleton-40m.lbl')) };
  const img = readFileSync(resolve(lola, 'shackleton-40m.img'));
  await page.setInputFiles('#dem-file', [lbl,
    { name: 'shackleton-40m.img', mimeType: 'application/octet-stream', buffer: img.subarray(0, img.length - 1000) }]);
  const r1 = await nextImportResult(page, 0);
  expect(r1.ok).toBe(false);
  expect(r1.message).not.toContain('\n');
  expect(r1.message).toMatch(/bytes/);
  expect(r1.message).toMatch(/truncated/);
  expect(await page.evaluate(() => window.ce8Status.terrain.width)).toBe(1024);  // the old terrain
  await page.waitForTimeout(500);
  await page.screenshot({ path: resolve(shots, 'browser-lola-error.png') });
  const shotAfter = await page.screenshot({ clip: view });
  expect(Buffer.compare(shotBefore, shotAfter)).toBe(0);  // drawn unchanged

  // The label alone: the message names the image file it needs.
  await page.setInputFiles('#dem-file', [lbl]);
  const r2 = await nextImportResult(page, 1);
  expect(r2.ok).toBe(false);
  expect(r2.message).toContain('shackleton-40m.img');
  // An image without a label.
  await page.setInputFiles('#dem-file', [{ name: 'x.img', mimeType: 'application/octet-stream', buffer: img }]);
  const r3 = await nextImportResult(page, 2);
  expect(r3.ok).toBe(false);
  expect(r3.message).toMatch(/label/i);
  expect(await page.evaluate(() => window.ce8Status.terrain)).toMatchObject({ width: 1024, source: 'Built-in LOLA terrain' });
  expect(errors).toEqual([]);
});

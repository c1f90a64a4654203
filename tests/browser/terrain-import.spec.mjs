// GeoTIFF import in the browser: a small DEM made at test time by the native CLI replaces the
// terrain (the picture changes, the page reports the new size); random bytes named .tif give a
// one-line message in the app's banner while the old terrain stays drawn; nothing logs an error.
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ce8Cli as ce8, explore, shots, watchErrors } from './helpers.mjs';

async function start(page) {
  await page.goto('/index.html');
  await page.waitForFunction(() => window.ce8Status && window.ce8Status.firstFrame, null, { timeout: 60_000 });
  await explore(page);  // importing is explore mode's (the Terrain panel)
}

// Distinct grey levels in the canvas (lit terrain has many; a blank canvas one or two).
async function greyLevels(page, clip) {
  return page.evaluate(async (r) => {
    const c = document.getElementById('canvas');
    await new Promise((res) => requestAnimationFrame(() => requestAnimationFrame(res)));
    const img = new Image();
    await new Promise((res) => { img.onload = res; img.src = c.toDataURL('image/png'); });
    const off = document.createElement('canvas');
    off.width = img.width; off.height = img.height;
    const ctx = off.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(r.x, r.y, r.width, r.height).data;
    const levels = new Set();
    for (let i = 0; i < d.length; i += 4 * 13) levels.add(Math.round(0.299 * d[i] + 0.587 * d[i + 1] + 0.114 * d[i + 2]));
    return levels.size;
  }, clip);
}

async function nextImportResult(page, count) {
  await page.waitForFunction((n) => window.ce8Status.importResult && window.ce8Status.importResult.count > n,
    count, { timeout: 30_000 });
  return page.evaluate(() => window.ce8Status.importResult);
}

const view = { x: 460, y: 330, width: 380, height: 280 };  // terrain between the panels

test('a GeoTIFF made by ce8 replaces the terrain and the camera flies to it', async ({ page }) => {
  test.skip(!existsSync(ce8), 'the native build (build/native) is needed to make the test file');
  const dir = mkdtempSync(join(tmpdir(), 'ce8-import-'));
  const tif = join(dir, 'cabeus-tile.tif');
  execFileSync(ce8, ['terrain', 'generate', '--out', tif, '--size', '128', '--resolution', '100',
    '--center', '-85.3,317.9'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const errors = watchErrors(page);
  await start(page);
  const before = await page.evaluate(() => window.ce8Status.terrain);
  expect(before.source).toBe('Built-in LOLA terrain');
  expect(before.width).toBe(1024);
  const shotBefore = await page.screenshot({ clip: view });

  await page.setInputFiles('#dem-file', tif);
  const result = await nextImportResult(page, 0);
  expect(result.ok, result.message).toBe(true);
  const after = await page.evaluate(() => window.ce8Status.terrain);
  expect(after).toEqual({ source: 'cabeus-tile.tif', width: 128, height: 128, cellM: 100 });
  await page.waitForTimeout(2000);  // the camera flies over
  await page.screenshot({ path: resolve(shots, 'browser-import.png') });
  const shotAfter = await page.screenshot({ clip: view });
  expect(Buffer.compare(shotBefore, shotAfter)).not.toBe(0);
  expect(await greyLevels(page, view)).toBeGreaterThan(20);  // a lit surface, not a blank
  expect(errors).toEqual([]);
});

test('random bytes named .tif give a clear message and the terrain stays', async ({ page }) => {
  const errors = watchErrors(page);
  await start(page);
  const shotBefore = await page.screenshot({ clip: view });
  await page.setInputFiles('#dem-file', { name: 'noise.tif', mimeType: 'image/tiff', buffer: randomBytes(40000) });
  const result = await nextImportResult(page, 0);
  expect(result.ok).toBe(false);
  expect(result.message.length).toBeGreaterThan(5);
  expect(result.message).not.toContain('\n');
  const terrain = await page.evaluate(() => window.ce8Status.terrain);
  expect(terrain.width).toBe(1024);  // the old terrain stays
  await page.waitForTimeout(500);
  await page.screenshot({ path: resolve(shots, 'browser-import-error.png') });
  const shotAfter = await page.screenshot({ clip: view });
  expect(Buffer.compare(shotBefore, shotAfter)).toBe(0);  // the terrain is drawn unchanged
  // A truncated TIFF header and an empty file are refused the same way.
  await page.setInputFiles('#dem-file', { name: 'short.tif', mimeType: 'image/tiff', buffer: Buffer.from('II*\0\x08\0\0\0', 'binary') });
  const r2 = await nextImportResult(page, 1);
  expect(r2.ok).toBe(false);
  expect(await page.evaluate(() => window.ce8Status.terrain.width)).toBe(1024);
  expect(errors).toEqual([]);
});

test('flying to a landing site builds its local tile and keeps the view responsive', async ({ page }) => {
  const errors = watchErrors(page);
  await start(page);
  await page.evaluate(() => window.ce8Command({ cmd: 'fly_to', lat: -85.33, lon: 317.87, distance_m: 15000 }));
  await page.waitForFunction(() => !!window.ce8Status.localTile, null, { timeout: 60_000 });
  const tile = await page.evaluate(() => window.ce8Status.localTile);
  console.log(`local tile: ${tile}`);
  expect(tile).toContain('512 x 512');
  await page.waitForTimeout(1000);
  await page.screenshot({ path: resolve(shots, 'browser-local-tile.png') });
  expect(await greyLevels(page, view)).toBeGreaterThan(20);
  expect(errors).toEqual([]);
});

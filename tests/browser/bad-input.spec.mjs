// Bad input in the browser (docs/reliability.md, "bad-input table"): after a good GeoTIFF has
// been imported, each bad file (random bytes named .tif, a half-downloaded GeoTIFF, an empty
// file, a TIFF header claiming 100000 x 100000 cells, a PNG named .tif, a GeoTIFF in the wrong
// projection, one without georeference, one with heights in the wrong unit) gives a one-line
// message and leaves the imported terrain in place; each mangled #s= link gives a one-line
// "Shared link: ..." notice and the explorer starts with its default state. Files are made at
// test time by the native CLI and GDAL's tools.
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ce8Cli, shots, watchErrors } from './helpers.mjs';

const ce8 = process.env.CE8_BIN ? resolve(process.env.CE8_BIN) : ce8Cli;

async function start(page, hash = '') {
  await page.goto('about:blank');
  await page.goto(`/index.html${hash}`);
  await page.waitForFunction(() => window.ce8Status && window.ce8Status.firstFrame, null, { timeout: 90_000 });
}

async function importFile(page, file, count) {
  await page.setInputFiles('#dem-file', file);
  await page.waitForFunction((n) => window.ce8Status.importResult && window.ce8Status.importResult.count > n,
    count, { timeout: 60_000 });
  return page.evaluate(() => window.ce8Status.importResult);
}

// A little-endian TIFF whose IFD claims width x height float32 cells and holds no pixels.
function tiffHeader(width, height) {
  const entries = [[256, 4, width], [257, 4, height], [258, 3, 32], [259, 3, 1], [262, 3, 1],
    [273, 4, 8], [277, 3, 1], [278, 4, height], [279, 4, 0xfffffff0], [339, 3, 3]];
  const b = Buffer.alloc(8 + 2 + entries.length * 12 + 4);
  b.write('II*\0', 0, 'binary');
  b.writeUInt32LE(8, 4);
  b.writeUInt16LE(entries.length, 8);
  entries.forEach(([tag, type, value], k) => {
    const o = 10 + 12 * k;
    b.writeUInt16LE(tag, o);
    b.writeUInt16LE(type, o + 2);
    b.writeUInt32LE(1, o + 4);
    if (type === 3) b.writeUInt16LE(value, o + 8); else b.writeUInt32LE(value, o + 8);
  });
  return b;
}

test('bad DEM files are refused with one line each and the imported terrain stays', async ({ page }) => {
  test.skip(!existsSync(ce8), `the native CLI (${ce8}) is needed to make the test files`);
  test.setTimeout(240_000);
  const dir = mkdtempSync(join(tmpdir(), 'ce8-bad-import-'));
  const good = join(dir, 'good.tif');
  execFileSync(ce8, ['terrain', 'generate', '--out', good, '--size', '256', '--resolution', '100',
    '--center', '-85.3,317.9'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const tool = (...args) => execFileSync(args[0], args.slice(1), { stdio: ['ignore', 'ignore', 'inherit'] });
  const wgs = join(dir, 'wgs84.tif');
  tool('gdal_translate', '-q', '-a_srs', 'EPSG:4326', '-a_ullr', '10', '50', '11', '49', good, wgs);
  const bare = join(dir, 'bare.tif');
  tool('gdal_translate', '-q', '-co', 'PROFILE=BASELINE', good, bare);
  const km = join(dir, 'millimetres.tif');  // heights scaled by 1000: not metres
  tool('gdal_translate', '-q', '-ot', 'Float32', '-scale', '-1000', '1000', '-1000000', '1000000', good, km);
  const png = join(dir, 'picture.png');
  tool('gdal_translate', '-q', '-of', 'PNG', '-ot', 'Byte', '-scale', good, png);
  const goodBytes = readFileSync(good);

  const errors = watchErrors(page);
  await start(page);
  await page.waitForTimeout(1000);
  let count = 0;
  const first = await importFile(page, good, count++);
  expect(first.ok, first.message).toBe(true);
  const imported = await page.evaluate(() => window.ce8Status.terrain);
  expect(imported).toEqual({ source: 'good.tif', width: 256, height: 256, cellM: 100 });

  const cases = [
    ['random bytes named .tif', { name: 'noise.tif', mimeType: 'image/tiff', buffer: randomBytes(50000) },
      /^not a readable GeoTIFF \(.+\)$/],
    ['half-downloaded GeoTIFF', { name: 'half.tif', mimeType: 'image/tiff', buffer: goodBytes.subarray(0, goodBytes.length >> 1) },
      /^(the pixels could not be decoded \(.+\)|the file is truncated \(fewer pixels than its size says\)|not a readable GeoTIFF \(.+\))$/],
    ['empty file', { name: 'empty.tif', mimeType: 'image/tiff', buffer: Buffer.alloc(0) },
      /^the file is too small to be a GeoTIFF$/],
    ['TIFF header claiming 100000 x 100000 cells', { name: 'huge.tif', mimeType: 'image/tiff', buffer: tiffHeader(100000, 100000) },
      /^the raster is 100000 x 100000 cells; the browser takes at most 4096 cells per side$/],
    ['TIFF header claiming 4096 x 4097 cells', { name: 'tall.tif', mimeType: 'image/tiff', buffer: tiffHeader(4096, 4097) },
      /^the raster is 4096 x 4097 cells; the browser takes at most 4096 cells per side$/],
    ['PNG named .tif', { name: 'picture.tif', mimeType: 'image/tiff', buffer: readFileSync(png) },
      /^not a readable GeoTIFF \(.+\)$/],
    ['GeoTIFF in geographic lat/lon (EPSG:4326)', wgs,
      /geographic latitude\/longitude|EPSG:4326/],
    ['TIFF without georeference', bare,
      /^the file carries no georeference \(no ModelTiepoint \/ ModelPixelScale\)$|no georeference|no projection/],
    ['heights not in metres', km,
      /^a height of .+ m is not metres above the 1737\.4 km sphere \(limit \+-30 km\)$/],
  ];
  const seen = [];
  for (const [what, file, pattern] of cases) {
    const r = await importFile(page, file, count++);
    seen.push(`${what}: ${r.message}`);
    expect(r.ok, what).toBe(false);
    expect(r.message, what).toMatch(pattern);
    expect(r.message.split('\n').length, what).toBe(1);
    expect(await page.evaluate(() => window.ce8Status.terrain), what).toEqual(imported);
  }
  console.log('import messages:\n  ' + seen.join('\n  '));
  await page.waitForTimeout(500);
  await page.screenshot({ path: resolve(shots, 'browser-bad-input-import.png') });
  expect(await page.evaluate(() => window.ce8Status.error)).toBeNull();
  expect(errors).toEqual([]);
});

const manifestJson = Buffer.from(JSON.stringify({ format: 'ce8-manifest', version: 1, payloads: [] })).toString('base64url');
const b64 = (obj) => Buffer.from(JSON.stringify(obj)).toString('base64url');
const links = [
  ['bad character', '#s=eyJr*W5k', /^Shared link: scenario URL: base64 text has a bad character at position 4 \(nothing changed\)$/],
  ['impossible length', '#s=abcde', /^Shared link: scenario URL: base64 text has an impossible length 5 \(truncated\?\) \(nothing changed\)$/],
  ['base64 of plain text', '#s=aGVsbG8gd29ybGQ', /^Shared link: scenario URL: not valid JSON/],
  ['a manifest instead of a scenario', `#s=${manifestJson}`, /^Shared link: scenario URL: unknown field 'format' \(nothing changed\)$/],
  ['unknown site', `#s=${b64({ kind: 'ce8-scenario', version: 1, site: { id: 'atlantis' } })}`, /^Shared link: scenario URL: .*atlantis/],
  ['pitch out of range', `#s=${b64({ kind: 'ce8-scenario', version: 1, view: { pitch_deg: 400 } })}`, /^Shared link: scenario URL: view\.pitch_deg/],
  ['link too long', `#s=${'A'.repeat(100000)}`, /^Shared link: scenario URL: the link is too long \(nothing changed\)$/],
  ['newline and escape percent-encoded', '#s=%0A%1B%5B2J', /^Shared link: /],
];

for (const [what, hash, pattern] of links) {
  test(`mangled link (${what}) gives one line and the default state`, async ({ page }) => {
    const errors = watchErrors(page);
    await start(page, hash);
    await page.waitForFunction(() => window.ce8Status.notice, null, { timeout: 30_000 });
    const notice = await page.evaluate(() => window.ce8Status.notice);
    console.log(`link ${what}: ${notice}`);
    expect(notice).toMatch(pattern);
    expect(notice.split('\n').length).toBe(1);
    expect(notice.length).toBeLessThan(1200);
    // Nothing was applied: the built-in terrain, no fatal error, no console errors.
    expect(await page.evaluate(() => window.ce8Status.terrain.source)).toBe('Built-in LOLA terrain');
    expect(await page.evaluate(() => window.ce8Status.error)).toBeNull();
    expect(errors).toEqual([]);
  });
}

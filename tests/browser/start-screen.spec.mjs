// Who owns the first screen (docs/tour.md): a plain address shows the start screen, panels
// hidden from the very first frame, the clock sweeping; a script's command (window.ce8Command)
// or the visitor's hand on the 3D view ends the sweep for good, so it never overrides them; a
// shared scenario link (#s=) opens in explore mode with exactly the link's state; with
// prefers-reduced-motion the start screen stands still.
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ce8Cli, shots, watchErrors } from './helpers.mjs';

const FIRST_PICTURE = '2028-08-10T09:00:00Z';  // src/engine/scenario/first_picture.hpp
const app = (page) => page.evaluate(() => window.ce8Status.app);

async function firstFrame(page) {
  await page.waitForFunction(() => window.ce8Status && (window.ce8Status.firstFrame || window.ce8Status.error),
    null, { timeout: 90_000 });
  expect(await page.evaluate(() => window.ce8Status.error)).toBeNull();
  await page.waitForFunction(() => window.ce8Status.app && window.ce8Status.app.phase === 'running');
}

test('the start screen sweeps the clock; a script or the visitor ends the sweep for good', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = watchErrors(page);
  await page.goto('/index.html?lang=en');
  await firstFrame(page);
  await expect(page.locator('#start')).toBeVisible();
  // The panels were hidden before the first frame (the app took show_panels while starting).
  const early = await page.evaluate(() => window.ce8Status.commandReplies[0]);
  expect(early).toEqual({ cmd: { cmd: 'show_panels', visible: false }, reply: { ok: true } });
  expect((await app(page)).panels_visible).toBe(false);
  await page.waitForFunction(() => window.ce8Status.app.clock_mode === 'span');
  await page.waitForFunction((t) => window.ce8Status.app.time_iso !== t, FIRST_PICTURE);

  // A script's command: the sweep ends, the clock is back at the first picture, then the
  // command runs; nothing from the page overrides it later.
  expect(await page.evaluate(() => window.ce8Command({ cmd: 'fly_to', site: 'cabeus' }))).toEqual({ ok: true });
  await page.waitForTimeout(2500);
  let s = await app(page);
  expect(s.clock_mode).toBe('stopped');
  expect(s.time_iso).toBe(FIRST_PICTURE);
  const sent = await page.evaluate(() => window.ce8Status.tourCommands);
  expect(sent.slice(-2)).toEqual([{ cmd: 'pause' }, { cmd: 'set_clock', time: FIRST_PICTURE }]);
  expect(await page.evaluate(() => window.ce8Command({ cmd: 'set_clock', time: '2028-11-01T12:00:00Z' }))).toEqual({ ok: true });
  await page.waitForTimeout(1000);
  expect((await app(page)).time_iso).toBe('2028-11-01T12:00:00Z');

  // The visitor: the start screen again (the tour, then Skip) sweeps again; a drag on the 3D
  // view stops it where it is.
  await page.locator('#start-tour').click();
  await page.locator('#tour-skip').click();
  await expect(page.locator('#start')).toBeVisible();
  await page.waitForFunction(() => window.ce8Status.app.clock_mode === 'span');
  await page.mouse.move(640, 300);
  await page.mouse.down();
  await page.mouse.move(700, 280, { steps: 5 });
  await page.mouse.up();
  await page.waitForFunction(() => window.ce8Status.app.clock_mode === 'stopped');
  const frozen = (await app(page)).time_iso;
  await page.waitForTimeout(1500);
  s = await app(page);
  expect(s.clock_mode).toBe('stopped');
  expect(s.time_iso).toBe(frozen);
  expect(errors).toEqual([]);
});

test('a shared scenario link opens in explore mode with exactly the link\'s state', async ({ page }) => {
  test.setTimeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), 'ce8-start-'));
  const file = join(dir, 'scenario.json');
  writeFileSync(file, JSON.stringify({
    kind: 'ce8-scenario', version: 1, site: { id: 'leibnitz-beta' },
    clock: { utc: '2028-11-03T06:00:00Z', speed_index: 2, playing: false },
    view: { target_x_m: -20000, target_y_m: 40000, distance_m: 90000, yaw_deg: 20, pitch_deg: 35,
            vertical_exaggeration: 1, color_mode: 0, panels: ['sites', 'sky'] },
  }));
  const link = execFileSync(ce8Cli, ['scenario', 'url', file], { encoding: 'utf8' }).trim();
  const errors = watchErrors(page);
  await page.goto(`/index.html${link.slice(link.indexOf('#s='))}`);
  await firstFrame(page);
  await page.waitForFunction(() => window.ce8Status.notice === 'Shared link applied');
  await page.waitForTimeout(2500);
  await expect(page.locator('#start')).toBeHidden();
  await expect(page.locator('#tour-open')).toBeVisible();
  const s = await app(page);
  expect(s.time_iso).toBe('2028-11-03T06:00:00Z');
  expect(s.clock_mode).toBe('stopped');
  expect(s.panels_visible).toBe(true);
  expect(s.site.id).toBe('leibnitz-beta');
  // The page sent only the language over the link.
  const sent = await page.evaluate(() => window.ce8Status.tourCommands.map((c) => c.cmd));
  expect(sent.filter((c) => c !== 'set_language')).toEqual([]);
  await page.screenshot({ path: resolve(shots, 'start-shared-link-1280x800.png') });
  expect(errors).toEqual([]);
});

test('prefers-reduced-motion: the start screen stands still at the first picture', async ({ browser }) => {
  test.setTimeout(120_000);
  const context = await browser.newContext({ reducedMotion: 'reduce' });
  const page = await context.newPage();
  await page.goto('/index.html?lang=en');
  await firstFrame(page);
  await expect(page.locator('#start')).toBeVisible();
  await page.waitForTimeout(1500);
  const s = await app(page);
  expect(s.clock_mode).toBe('stopped');
  expect(s.time_iso).toBe(FIRST_PICTURE);
  expect(s.panels_visible).toBe(false);
  const sent = await page.evaluate(() => window.ce8Status.tourCommands.map((c) => c.cmd));
  expect(sent).not.toContain('follow_span');
  expect(sent).not.toContain('play');
  await context.close();
});

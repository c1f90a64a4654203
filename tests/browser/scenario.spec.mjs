// Shared links: a scenario link (#s=..., made by the native CLI from a scenario file) opens the
// same view in a fresh page; a mangled link shows a one-line message and keeps the default state.
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ce8Cli as ce8, shots, watchErrors } from './helpers.mjs';

async function clip(page) {
  return page.screenshot({ clip: { x: 440, y: 420, width: 400, height: 220 } });
}

test('a shared scenario link restores the view; a mangled one is refused with a message', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'ce8-scenario-'));
  const file = join(dir, 'scenario.json');
  writeFileSync(file, JSON.stringify({
    kind: 'ce8-scenario', version: 1,
    site: { id: 'cabeus' },
    clock: { utc: '2028-11-03T00:00:00Z', speed_index: 2, playing: false },
    view: { target_x_m: -96000, target_y_m: 106000, distance_m: 60000, yaw_deg: 40,
            pitch_deg: 30, vertical_exaggeration: 1, color_mode: 2, panels: ['about', 'sky'] },
  }));
  const link = execFileSync(ce8, ['scenario', 'url', file], { encoding: 'utf8' }).trim();
  const fragment = link.slice(link.indexOf('#s='));
  expect(fragment.startsWith('#s=')).toBe(true);

  // The default page, for comparison.
  const errors = watchErrors(page);
  await page.goto('/index.html');
  await page.waitForFunction(() => window.ce8Status && window.ce8Status.firstFrame, null, { timeout: 90_000 });
  await page.waitForTimeout(2500);
  const plain = await clip(page);
  expect(await page.evaluate(() => window.ce8Status.notice)).toBeUndefined();

  // The link in a fresh page (a new document, not a same-page hash change): the clock, the
  // colours (slope) and the camera move there.
  await page.goto('about:blank');
  await page.goto(`/index.html${fragment}`);
  await page.waitForFunction(() => window.ce8Status && window.ce8Status.firstFrame, null, { timeout: 90_000 });
  await page.waitForFunction(() => window.ce8Status.notice, null, { timeout: 30_000 });
  expect(await page.evaluate(() => window.ce8Status.notice)).toBe('Shared link applied');
  await page.waitForTimeout(2500);
  await page.screenshot({ path: resolve(shots, 'browser-scenario-link.png') });
  const linked = await clip(page);
  expect(Buffer.compare(plain, linked)).not.toBe(0);
  expect(errors).toEqual([]);

  // A mangled link: the page still starts, says what is wrong, and keeps the default view.
  await page.goto('about:blank');
  await page.goto('/index.html#s=eyJraW5kIjoiY2U4LXNjZW5hcmlv');
  await page.waitForFunction(() => window.ce8Status && window.ce8Status.firstFrame, null, { timeout: 90_000 });
  await page.waitForFunction(() => window.ce8Status.notice, null, { timeout: 30_000 });
  const notice = await page.evaluate(() => window.ce8Status.notice);
  expect(notice).toMatch(/^Shared link: /);
  expect(notice.split('\n').length).toBe(1);
  await page.waitForTimeout(1000);
  await page.screenshot({ path: resolve(shots, 'browser-scenario-bad-link.png') });
  expect(await page.evaluate(() => window.ce8Status.error)).toBeNull();  // the explorer runs on
});

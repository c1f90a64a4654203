// The 3D scene's resolution (docs/performance.md): adaptive by default, fixed by ?render_scale=
// (0.5 to 1), and a bad value is refused with a notice while the resolution stays adaptive.
import { test, expect } from '@playwright/test';
import { watchErrors } from './helpers.mjs';

const firstFrame = (page) =>
  page.waitForFunction(() => window.ce8Status && window.ce8Status.firstFrame && window.ce8Status.app &&
    window.ce8Status.app.render, null, { timeout: 90_000 });

test('?render_scale=0.6 fixes the scene at 60 % of the screen\'s resolution', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/index.html?render_scale=0.6');
  await firstFrame(page);
  await page.waitForTimeout(1500);
  expect(await page.evaluate(() => window.ce8Status.app.render.fixed)).toBe(true);
  expect(await page.evaluate(() => window.ce8Status.app.render.scale)).toBe(0.6);
  expect(await page.evaluate(() => window.ce8Status.notice || null)).toBeNull();
  expect(errors).toEqual([]);
});

test('a bad ?render_scale= is refused with a notice and the resolution adapts', async ({ page }) => {
  await page.goto('/index.html?render_scale=2');
  await firstFrame(page);
  await page.waitForFunction(() => /render_scale must be a number from 0.5 to 1/.test(window.ce8Status.notice || ''));
  await expect(page.locator('#notice')).toBeVisible();  // the page says it, in its language
  await expect(page.locator('#notice')).toContainText('render_scale=2');
  expect(await page.evaluate(() => window.ce8Status.app.render.fixed)).toBe(false);
  expect(await page.evaluate(() => window.ce8Status.error)).toBeNull();
});

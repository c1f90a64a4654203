// Phones and tablets in Playwright's mobile emulation (isMobile, hasTouch), and accessibility.
// Phone 390x844 and tablet 768x1024, portrait and landscape: the start screen, a tour step and
// explore mode's sheets, screenshotted (build/screenshots/phone-*.png: look at them); tap targets
// of at least 40 px; the tour card clear of the title bar and of the app's sheets (the tour hides
// the panels). Touch on the 3D view: one finger orbits, a pinch zooms, two fingers pan (the
// app's camera in its status). Accessibility: the start screen and a tour step work from the
// keyboard, every control has an accessible name, and axe finds no WCAG 2 A/AA violation
// (contrast included).
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { resolve } from 'node:path';
import { shots, watchErrors } from './helpers.mjs';

const app = (page) => page.evaluate(() => window.ce8Status.app);

async function firstFrame(page) {
  await page.waitForFunction(() => window.ce8Status && (window.ce8Status.firstFrame || window.ce8Status.error),
    null, { timeout: 120_000 });
  expect(await page.evaluate(() => window.ce8Status.error)).toBeNull();
  await page.waitForFunction(() => window.ce8Status.app && window.ce8Status.app.phase === 'running');
}

// The visible page controls and chrome boxes.
const chrome = (page) => page.evaluate(() => {
  const box = (el) => { const r = el.getBoundingClientRect(); return { x: r.x, y: r.y, right: r.right, bottom: r.bottom, w: r.width, h: r.height }; };
  const shown = (el) => el && !el.closest('[hidden]') && el.getClientRects().length > 0;
  const controls = [...document.querySelectorAll('button, select')].filter(shown).map((el) => ({ id: el.id || el.tagName, ...box(el) }));
  const part = (sel) => { const el = document.querySelector(sel); return shown(el) ? box(el) : null; };
  return { controls, topbar: part('#topbar .top-actions'), brand: part('#topbar .brand'), tour: part('#tour'),
    actions: part('#start .actions'), vw: innerWidth, vh: innerHeight };
});
const overlap = (a, b) => (!a || !b ? 0 : Math.max(0, Math.min(a.right, b.right) - Math.max(a.x, b.x)) *
  Math.max(0, Math.min(a.bottom, b.bottom) - Math.max(a.y, b.y)));

function expectTapTargets(c, where) {
  expect(c.controls.length, where).toBeGreaterThan(0);
  for (const t of c.controls) {
    expect(t.h, `${where}: ${t.id} height`).toBeGreaterThanOrEqual(40);
    expect(t.w, `${where}: ${t.id} width`).toBeGreaterThanOrEqual(40);
    expect(t.right, `${where}: ${t.id} inside`).toBeLessThanOrEqual(c.vw + 0.5);
    expect(t.bottom, `${where}: ${t.id} inside`).toBeLessThanOrEqual(c.vh + 0.5);
  }
}

// Touches through the DevTools protocol: each step moves every finger by its own delta.
async function gesture(page, fingers, deltas, steps = 8) {
  const cdp = await page.context().newCDPSession(page);
  const at = (k) => fingers.map(([x, y], i) => ({ x: x + (deltas[i][0] * k) / steps, y: y + (deltas[i][1] * k) / steps, id: i }));
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(0) });
  for (let k = 1; k <= steps; k++) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(k) });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
  await page.waitForTimeout(800);  // the camera eases to its goal
  return (await app(page)).camera;
}

test('phone and tablet, portrait and landscape: start, tour and sheets; touch orbit, pinch and pan', async ({ browser }) => {
  test.setTimeout(240_000);
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto('/index.html?lang=en');
  await firstFrame(page);
  await expect(page.locator('#start')).toBeVisible();
  await page.waitForTimeout(800);
  await page.screenshot({ path: resolve(shots, 'phone-start-390x844.png') });
  let c = await chrome(page);
  expectTapTargets(c, 'phone start');
  expect(overlap(c.actions, c.topbar)).toBe(0);

  // Touch on the 3D view, between the title bar and the start screen's buttons.
  const c0 = (await app(page)).camera;
  const c1 = await gesture(page, [[195, 380]], [[120, 0]]);
  expect((await app(page)).clock_mode, 'a touch ends the start sweep').toBe('stopped');
  expect(Math.abs(c1.yaw_deg - c0.yaw_deg), 'one finger orbits').toBeGreaterThan(2);
  const c2 = await gesture(page, [[195, 330], [195, 430]], [[0, -80], [0, 80]]);
  expect(c2.distance_m, 'spreading two fingers zooms in').toBeLessThan(c1.distance_m * 0.8);
  const c3 = await gesture(page, [[150, 380], [240, 380]], [[0, 120], [0, 120]]);
  const moved = Math.hypot(c3.target_x_m - c2.target_x_m, c3.target_y_m - c2.target_y_m);
  expect(moved, 'two fingers moving together pan').toBeGreaterThan(c2.distance_m * 0.02);
  expect(Math.abs(c3.distance_m / c2.distance_m - 1), 'a pan is no zoom').toBeLessThan(0.1);
  console.log(`touch: yaw ${c0.yaw_deg} -> ${c1.yaw_deg} deg; pinch ${c1.distance_m} -> ${c2.distance_m} m; pan ${moved.toFixed(0)} m`);

  // A tour step: a bottom sheet; the app's panels are hidden, so no sheet lies under it.
  await page.locator('#start-tour').tap();
  await expect(page.locator('[data-tour-step="1"]')).toBeVisible();
  await page.waitForFunction(() => window.ce8Status.app.panels_visible === false);
  await page.waitForTimeout(800);
  await page.screenshot({ path: resolve(shots, 'phone-tour-390x844.png') });
  c = await chrome(page);
  expectTapTargets(c, 'phone tour');
  expect(overlap(c.tour, c.topbar)).toBe(0);
  expect(overlap(c.tour, c.brand)).toBe(0);

  // Explore on the phone: the app's panels as sheets, the page's Tour and language above them.
  await page.locator('#tour-skip').tap();
  await page.locator('#start-explore').tap();
  await page.waitForFunction(() => window.ce8Status.app.panels_visible === true);
  await page.waitForTimeout(1000);
  await page.screenshot({ path: resolve(shots, 'phone-explore-390x844.png') });
  expectTapTargets(await chrome(page), 'phone explore');
  expect(errors).toEqual([]);
  await context.close();
});

test('tablet portrait and landscape, phone landscape: the tour and the start screen', async ({ browser }) => {
  test.setTimeout(240_000);
  const context = await browser.newContext({ viewport: { width: 768, height: 1024 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto('/index.html?lang=en#tour=1');
  await firstFrame(page);
  await expect(page.locator('[data-tour-step="1"]')).toBeVisible();
  let c;
  for (const [w, h] of [[844, 390], [768, 1024], [1024, 768]]) {
    await page.setViewportSize({ width: w, height: h });
    await page.waitForTimeout(700);
    c = await chrome(page);
    expectTapTargets(c, `tour ${w}x${h}`);
    expect(overlap(c.tour, c.topbar), `tour ${w}x${h}`).toBe(0);
    expect(overlap(c.tour, c.brand), `tour ${w}x${h}`).toBe(0);
    await page.screenshot({ path: resolve(shots, `phone-tour-${w}x${h}.png`) });
  }
  await page.locator('#tour-skip').tap();
  await page.waitForTimeout(1000);
  await page.screenshot({ path: resolve(shots, 'phone-start-1024x768.png') });
  await page.setViewportSize({ width: 844, height: 390 });
  await page.waitForTimeout(700);
  c = await chrome(page);
  expectTapTargets(c, 'start 844x390');
  expect(overlap(c.actions, c.topbar)).toBe(0);
  await page.screenshot({ path: resolve(shots, 'phone-start-844x390.png') });

  expect(errors).toEqual([]);
  await context.close();
});

test('keyboard, accessible names and WCAG AA (axe) on the start screen and a tour step', async ({ page }) => {
  test.setTimeout(150_000);
  const errors = watchErrors(page);
  await page.goto('/index.html?lang=en');
  await firstFrame(page);
  await expect(page.locator('#start')).toBeVisible();
  // Every control has a name a screen reader says.
  await expect(page.getByRole('button', { name: 'Start the tour' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Explore' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Language' })).toBeVisible();
  const axe = async (where) => {
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    const found = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    console.log(`axe ${where}: ${result.passes.length} rules pass, violations: ${found.length ? found.join('; ') : 'none'}`);
    expect(found, where).toEqual([]);
    expect(result.passes.map((p) => p.id)).toContain('color-contrast');
  };
  await axe('start screen');

  // The keyboard alone: Tab reaches "Start the tour", Enter opens step 1 with the focus on Next.
  await page.locator('body').focus();
  let reached = false;
  for (let k = 0; k < 8 && !reached; k++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement && document.activeElement.id === 'start-tour');
  }
  expect(reached, 'Tab reaches Start the tour').toBe(true);
  await page.keyboard.press('Enter');
  await expect(page.locator('[data-tour-step="1"]')).toBeVisible();
  expect(await page.evaluate(() => document.activeElement.id)).toBe('tour-next');
  await page.keyboard.press('Enter');
  await expect(page.locator('[data-tour-step="2"]')).toBeVisible();
  await expect(page.getByRole('region', { name: await page.locator('#tour-title').innerText() })).toBeVisible();
  for (const name of ['Previous', 'Skip tour', 'Next']) await expect(page.getByRole('button', { name })).toBeVisible();
  await page.waitForTimeout(500);
  await axe('tour step 2');
  await page.keyboard.press('Escape');
  await expect(page.locator('#start')).toBeVisible();
  expect(await page.evaluate(() => document.activeElement.id)).toBe('start-tour');
  expect(errors).toEqual([]);
});

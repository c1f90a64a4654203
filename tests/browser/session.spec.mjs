// Nothing lost (docs/offline.md): the visitor's work is saved in localStorage as they go and
// comes back after a reload (view, clock, site, rover, stops, manifest, overlay, mode); a shared
// link wins over it; "Start fresh" and ?fresh forget it; a damaged saved session is refused with
// a one-line notice and the default state loads.
import { test, expect } from '@playwright/test';
import { explore, watchErrors } from './helpers.mjs';

const KEY = 'ce8.session';
const firstFrame = (page) => page.waitForFunction(() => window.ce8Status && window.ce8Status.firstFrame,
  null, { timeout: 90_000 });
// The page restored (or refused) the saved session once the app ran.
const settled = (page) => page.waitForFunction(() => window.ce8Status.session &&
  window.ce8Status.app && (window.ce8Status.session.restored || window.ce8Status.session.notice ||
  window.ce8Status.session.skipped || window.ce8Status.session.saves > 0), null, { timeout: 60_000 });
const saved = (page) => page.evaluate((key) => JSON.parse(localStorage.getItem(key) || 'null'), KEY);
const capture = (page) => page.evaluate(() => JSON.parse(Module.ccall('ce8_session_capture', 'string', [], [])));
const app = (page) => page.evaluate(() => window.ce8Status.app);

// The site of the default state (the start screen's scene, once it is sent).
async function startSceneSite(page) {
  await page.waitForFunction(() => window.ce8Status.app.clock_mode === 'span', null, { timeout: 30_000 });
  return (await app(page)).site.id;
}

// The parts of the status a restored session must bring back.
function work(s) {
  return { site: s.site.id, time: s.time_iso.slice(0, 16), overlay: s.overlay, rover: s.rover,
    stops: s.stops, panels: s.panels_visible };
}

test('the session survives a reload; a shared link wins; Start fresh forgets it', async ({ page }) => {
  test.setTimeout(480_000);  // five page loads, on 2 shared cores
  const errors = watchErrors(page);
  await page.goto('/index.html');
  await firstFrame(page);
  await settled(page);
  const defaultSite = await startSceneSite(page);
  await explore(page);
  const replies = await page.evaluate(() => [
    { cmd: 'select_site', site: 'cabeus' },
    { cmd: 'set_clock', time: '2028-11-02T12:00:00Z' },
    { cmd: 'fly_to', lat: -85.2, lon: 310.5, distance_m: 30000, pitch_deg: 40, heading_deg: 60, duration_s: 0 },
    { cmd: 'overlay', name: 'lit' },
    { cmd: 'plan_traverse', from: [-84.6, 29.5], to: [-84.62, 29.9], rover: 'pk-suparco-rover' },
  ].map((c) => window.ce8Command(c)));
  expect(replies.every((r) => r.ok), JSON.stringify(replies)).toBe(true);
  await page.waitForFunction(() => window.ce8Status.app.site.id === 'cabeus' && window.ce8Status.app.stops.length === 2);
  // The planned drive frames its route (a camera flight): the view to keep is the one after it.
  await page.waitForFunction(() => ['done', 'error'].includes(window.ce8Status.app.traverse.state), null, { timeout: 90_000 });
  await page.waitForTimeout(3000);
  const before = work(await app(page));
  const camera = (await capture(page)).view;
  // Saved within a couple of seconds, as explore-mode work.
  await page.waitForFunction(([key, cam]) => {
    const s = JSON.parse(localStorage.getItem(key) || 'null');
    return s && s.mode === 'explore' && s.scenario && s.scenario.site.id === 'cabeus' && s.overlay === 'lit' &&
      s.scenario.traverse && s.scenario.traverse.length === 2 && s.scenario.view.target_x_m === cam.target_x_m &&
      s.scenario.view.distance_m === cam.distance_m;
  }, [KEY, camera], { timeout: 10_000 });

  await page.reload();
  await firstFrame(page);
  await settled(page);
  await page.waitForFunction(() => window.ce8Status.session.restored && window.ce8Status.app.site.id === 'cabeus' &&
    window.ce8Status.app.overlay === 'lit');
  expect(await page.evaluate(() => window.ce8Page.mode())).toBe('explore');
  expect(work(await app(page))).toEqual(before);
  const after = (await capture(page)).view;
  for (const k of ['target_x_m', 'target_y_m', 'distance_m', 'yaw_deg', 'pitch_deg']) {
    expect(after[k], k).toBeCloseTo(camera[k], 1);
  }
  await expect(page.locator('#start')).toBeHidden();

  // A shared link wins over the saved session (and leaves it stored).
  const linked = await capture(page);
  linked.site = { id: 'amundsen', lat_deg: -84.5, lon_deg: 82.0, height_m: 0 };
  linked.traverse = [];
  const fragment = '#s=' + Buffer.from(JSON.stringify(linked)).toString('base64url');
  await page.goto('about:blank');
  await page.goto(`/index.html${fragment}`);
  await firstFrame(page);
  await page.waitForFunction(() => window.ce8Status.notice === 'Shared link applied');
  await settled(page);
  expect(await page.evaluate(() => window.ce8Status.session.skipped)).toBe('shared link');
  // A link opens in explore mode with the link's state (start-screen.spec), not the saved one.
  expect(await page.evaluate(() => window.ce8Page.mode())).toBe('explore');
  expect((await app(page)).site.id).not.toBe('cabeus');

  // Start fresh (a button in explore mode): the saved work is gone and the default state loads.
  await page.goto('/index.html');
  await firstFrame(page);
  await settled(page);
  if (await page.evaluate(() => window.ce8Page.mode()) !== 'explore') await page.locator('#start-explore').click();
  expect((await page.evaluate(() => window.ce8Command({ cmd: 'select_site', site: 'cabeus' }))).ok).toBe(true);
  await page.waitForFunction((key) => {
    const s = JSON.parse(localStorage.getItem(key) || 'null');
    return s && s.mode === 'explore' && s.scenario.site.id === 'cabeus';
  }, KEY, { timeout: 10_000 });
  await Promise.all([page.waitForEvent('framenavigated'), page.locator('#start-fresh').click()]);
  await page.waitForLoadState('domcontentloaded');
  expect(await page.evaluate(() => window.ce8Status.session.fresh)).toBe(true);
  expect(new URL(page.url()).search).toBe('');  // ?fresh is taken out of the address
  await firstFrame(page);
  await settled(page);
  const fresh = await app(page);
  expect(await startSceneSite(page)).toBe(defaultSite);
  expect(fresh.stops).toEqual([]);
  expect(fresh.overlay).toBe('none');
  expect(await page.evaluate(() => window.ce8Page.mode())).toBe('start');
  expect(await page.evaluate(() => window.ce8Status.session.fresh)).toBe(true);
  const after_fresh = await saved(page);
  expect(after_fresh === null || after_fresh.scenario === undefined).toBe(true);
  expect(errors).toEqual([]);
});

test('a damaged saved session is refused with one line and the default state loads', async ({ page }) => {
  test.setTimeout(420_000);  // three page loads, on 2 shared cores
  const errors = watchErrors(page);
  await page.goto('/index.html');
  await firstFrame(page);
  await settled(page);
  const defaultSite = await startSceneSite(page);
  const good = { kind: 'ce8-session', version: 1, mode: 'explore', view: 'orbit', overlay: 'none',
    scenario: await capture(page) };
  const goodText = JSON.stringify(good);
  const bad = [
    ['garbage', '\u0000\u00ffnot json at all {'],
    ['truncated', goodText.slice(0, Math.floor(goodText.length / 2))],
    ['a JSON array', '[1,2,3]'],
    ['wrong kind', JSON.stringify({ ...good, kind: 'something-else' })],
    ['mode of the wrong type', JSON.stringify({ ...good, mode: 5 })],
    ['scenario of the wrong type', JSON.stringify({ ...good, scenario: 'cabeus' })],
    ['tour step out of range', JSON.stringify({ ...good, mode: 'tour', tour_step: 1e9 })],
  ];
  // The page's own checks: refused before the app runs, and the damaged text is removed.
  // As if another program or a crash left the text: this page saves no more before the reload.
  const damage = (text) => page.evaluate(([key, value]) => {
    window.ce8Session.suspend();
    localStorage.setItem(key, value);
  }, [KEY, text]);
  for (const [label, text] of bad) {
    await damage(text);
    await page.reload({ waitUntil: 'domcontentloaded' });
    const info = await page.evaluate(() => window.ce8Status.session);
    expect(info.notice, label).toMatch(/^Your saved session could not be restored \(.+\): the explorer starts fresh\.$/);
    expect(info.notice.includes('\n'), label).toBe(false);
    expect(await page.evaluate((key) => localStorage.getItem(key), KEY), label).toBeNull();
  }

  // Values the page cannot judge: the app checks the scenario and changes nothing.
  const wrongTypes = structuredClone(good);
  wrongTypes.scenario.clock.tt_s = 'soon';
  wrongTypes.scenario.site = { id: 'cabeus', lat_deg: -84.9, lon_deg: 'west' };
  await damage(JSON.stringify(wrongTypes));
  await page.reload();
  await firstFrame(page);
  await page.waitForFunction(() => window.ce8Status.session.notice, null, { timeout: 60_000 });
  const notice = await page.evaluate(() => window.ce8Status.session.notice);
  expect(notice).toMatch(/^Your saved session could not be restored \(scenario: .+\): the explorer starts fresh\.$/);
  await expect(page.locator('#notice')).toBeVisible();
  await expect(page.locator('#notice')).toHaveText(notice);
  expect(await startSceneSite(page)).toBe(defaultSite);
  expect((await app(page)).stops).toEqual([]);
  expect(await page.evaluate(() => window.ce8Page.mode())).toBe('start');
  expect(await page.evaluate(() => window.ce8Status.error)).toBeNull();
  // An unknown field inside the scenario: refused the same way.
  const unknown = structuredClone(good);
  unknown.scenario.view.fov = 3;
  await damage(JSON.stringify(unknown));
  await page.reload();
  await firstFrame(page);
  await page.waitForFunction(() => window.ce8Status.session.notice, null, { timeout: 60_000 });
  expect(await page.evaluate(() => window.ce8Status.session.notice)).toMatch(/\(scenario: .*view/);
  expect(errors.filter((e) => !e.startsWith('console: Your saved session'))).toEqual([]);
});

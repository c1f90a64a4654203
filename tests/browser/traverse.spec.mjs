// Rover traverses in the browser: in a lit period on the Shackleton - de Gerlache ridge (the
// local 20 m tile of real LOLA terrain built on fly-to), the Traverse panel plans a drive from
// the lander to a goal about 0.6 km away (the README's SUPARCO example); the
// path starts at the lander and ends at the goal; playback moves the rover (seek and Play); the
// CSV and JSON exports download with the columns and agree with each other and with the
// panel; a goal off the map shows a one-line reason and keeps the plan. A shared scenario link
// restores the rover and the stops (the Chinese rover here), which then plan as before. No page
// errors.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { shots, watchErrors } from './helpers.mjs';

const kLander = [-89.45, 222.7];  // the ridge site: its highest ground
const kGoal = [-89.47, 222.0];
const kStop = [-89.46, 222.4];
const R = 1737400;

// Great-circle distance on the Moon's sphere, metres (independent of the app's projection code).
function distanceM(a, b) {
  const rad = Math.PI / 180;
  const [p1, l1, p2, l2] = [a[0] * rad, a[1] * rad, b[0] * rad, b[1] * rad];
  const h = Math.sin((p2 - p1) / 2) ** 2 + Math.cos(p1) * Math.cos(p2) * Math.sin((l2 - l1) / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(h));
}

async function status(page) {
  return page.evaluate(() => window.ce8Status.traverse);
}

async function plan(page, from, to, rover, objective = 0, timeAware = 0) {
  const before = (await status(page))?.plans ?? 0;
  const reply = await page.evaluate(({ from, to, rover, objective, timeAware }) => window.ce8Command({
    cmd: 'plan_traverse', from, to, objective: ['time', 'energy', 'distance', 'risk'][objective],
    time_aware: !!timeAware, ...(rover ? { rover } : {}),
  }), { from, to, rover, objective, timeAware });
  expect(reply).toEqual({ ok: true });
  // Planning shows as such, then ends with a new plan or an error.
  await page.waitForFunction(() => window.ce8Status.traverse && window.ce8Status.traverse.state === 'planning',
    null, { timeout: 10_000 });
  await page.waitForFunction((n) => {
    const t = window.ce8Status.traverse;
    return t && t.state !== 'planning' && (t.plans > n || t.state === 'error');
  }, before, { timeout: 120_000 });
  return status(page);
}

async function download(page, json) {
  const [d] = await Promise.all([
    page.waitForEvent('download', { timeout: 20_000 }),
    page.evaluate((j) => window.ce8Command({ cmd: 'export_traverse', format: j ? 'json' : 'csv' }), json),
  ]);
  return { name: d.suggestedFilename(), text: readFileSync(await d.path(), 'utf8') };
}

test('plan a rover drive from the lander, play it, export it; a bad goal keeps the plan', async ({ page }) => {
  test.setTimeout(400_000);
  const errors = watchErrors(page);
  await page.goto('/index.html');
  await page.waitForFunction(() => window.ce8Status && window.ce8Status.firstFrame, null, { timeout: 90_000 });
  // 20 Oct 2028: the ridge is lit all day (ce8 illumination --site; README example).
  await page.evaluate(() => window.ce8Command({ cmd: 'set_clock', time: '2028-10-20T00:00:00Z' }));
  await page.evaluate(([lat, lon]) => window.ce8Command({ cmd: 'fly_to', lat, lon, distance_m: 5000 }), kLander);
  await page.waitForFunction(() => window.ce8Status.localTile, null, { timeout: 120_000 });

  const t0 = Date.now();
  const s = await plan(page, kLander, kGoal, 'pk-suparco-rover');
  console.log(`planned in ${((Date.now() - t0) / 1000).toFixed(1)} s (page): ${JSON.stringify(s)}`);
  expect(s.state).toBe('done');
  expect(s.message).toBe('');
  expect(s.grid).toMatch(/20 m grid/);  // the local tile, not the 450 m regional grid
  expect(s.points).toBeGreaterThan(1);
  // From the lander to the goal, within one 20 m cell (plus rounding) of each.
  expect(distanceM(s.from, kLander)).toBeLessThan(30);
  expect(distanceM(s.to, kGoal)).toBeLessThan(30);
  // The drive is at least the straight line and not absurdly longer.
  const straight = distanceM(kLander, kGoal);
  expect(s.distanceM).toBeGreaterThanOrEqual(straight * 0.99);
  expect(s.distanceM).toBeLessThan(straight * 3);
  expect(typeof s.feasible).toBe('boolean');
  if (!s.feasible) expect(s.reason.length).toBeGreaterThan(0);
  expect(s.feasible).toBe(true);  // lit all the way

  // Playback: the rover stands at the lander at the start, at the goal at the end.
  // The status follows a seek on a later frame: wait for it (a busy machine draws slowly).
  const roverTo = async (fraction, near) => {
    await page.evaluate((f) => window.ce8Command({ cmd: 'seek_traverse', fraction: f }), fraction);
    await expect.poll(async () => {
      const r = (await status(page)).rover;
      return r && r.shown ? distanceM([r.lat, r.lon], near) : Infinity;
    }, { timeout: 15_000 }).toBeLessThan(30);
    return (await status(page)).rover;
  };
  const atStart = await roverTo(0, kLander);
  expect(atStart.shown).toBe(true);
  expect(distanceM([atStart.lat, atStart.lon], kLander)).toBeLessThan(30);
  const atEnd = await roverTo(1, kGoal);
  expect(distanceM([atEnd.lat, atEnd.lon], kGoal)).toBeLessThan(30);
  // Play from the start: the clock runs through the drive and the rover moves along.
  await page.evaluate(() => window.ce8Command({ cmd: 'seek_traverse', fraction: 0 }));
  await page.evaluate(() => window.ce8Command({ cmd: 'play_traverse', on: true }));
  await page.waitForTimeout(6000);
  const playing = await status(page);
  expect(playing.clockTt).toBeGreaterThan(playing.t0);
  const moved = distanceM([playing.rover.lat, playing.rover.lon], kLander);
  expect(moved).toBeGreaterThan(20);
  await page.evaluate(() => window.ce8Command({ cmd: 'play_traverse', on: false }));
  await page.evaluate(() => window.ce8Command({ cmd: 'seek_traverse', fraction: 0.55 }));
  await page.waitForTimeout(1500);
  await page.screenshot({ path: resolve(shots, 'traverse-drive.png') });
  const mid = await status(page);
  expect(mid.rover.onScreen).toBe(true);

  // Exports: CSV with the timeline columns, JSON with path, timeline and totals.
  const csv = await download(page, false);
  expect(csv.name).toBe('traverse.csv');
  const lines = csv.text.trim().split('\n');
  const header = lines[0].split(',');
  for (const col of ['time_utc', 'lat', 'lon', 'soc', 'power_in_w', 'power_out_w',
    'sun_visible_fraction', 'earth_visible']) expect(header).toContain(col);
  expect(lines.length - 1).toBe(s.samples);
  for (const l of lines.slice(1)) expect(l.split(',').length).toBe(header.length);
  const dl = await page.evaluate(() => window.ce8Status.download);
  expect(dl.firstLine).toBe(lines[0]);
  const js = await download(page, true);
  expect(js.name).toBe('traverse.json');
  const doc = JSON.parse(js.text);
  expect(doc.path.length).toBe(s.points);
  expect(doc.timeline.length).toBe(s.samples);
  expect(doc.totals.feasible).toBe(s.feasible);
  expect(Math.abs(doc.totals.distance_m - s.distanceM)).toBeLessThan(0.01);
  // The CSV's SOC column is the JSON timeline's.
  const socCol = header.indexOf('soc');
  expect(Number(lines[lines.length - 1].split(',')[socCol])).toBeCloseTo(doc.timeline[doc.timeline.length - 1].soc, 4);

  // A goal off the map: a one-line reason in the panel, the plan stays.
  const bad = await plan(page, kLander, [-60.0, 38.0], '');
  expect(bad.state).toBe('error');
  expect(bad.message.length).toBeGreaterThan(0);
  expect(bad.message).not.toContain('\n');
  expect(bad.plans).toBe(s.plans);
  expect(bad.points).toBe(s.points);
  expect(bad.to).toEqual(s.to);
  console.log(`off-map goal: ${bad.message}`);
  await page.waitForTimeout(500);
  await page.screenshot({ path: resolve(shots, 'traverse-bad-goal.png') });
  expect(errors).toEqual([]);
});

// A scenario link (#s=, made here from the documented JSON form) carries the rover and the stops.
function scenarioLink(obj) {
  return '#s=' + Buffer.from(JSON.stringify(obj)).toString('base64url');
}

test('a shared link restores the rover and the stops of a traverse', async ({ page }) => {
  test.setTimeout(300_000);
  const errors = watchErrors(page);
  const link = scenarioLink({
    kind: 'ce8-scenario', version: 1,
    site: { id: 'shackleton-de-gerlache-ridge' },
    clock: { utc: '2028-10-20T06:00:00Z', speed_index: 2, playing: false },
    rover: 'chinese-rover',
    traverse: [kLander, kGoal, kStop],
    view: { target_x_m: 0, target_y_m: 0, distance_m: 300000, yaw_deg: 20, pitch_deg: 40,
            vertical_exaggeration: 1, color_mode: 0, panels: ['traverse'] },
  });
  await page.goto(`/index.html${link}`);
  await page.waitForFunction(() => window.ce8Status && window.ce8Status.firstFrame, null, { timeout: 90_000 });
  await page.waitForFunction(() => window.ce8Status.notice, null, { timeout: 30_000 });
  expect(await page.evaluate(() => window.ce8Status.notice)).toBe('Shared link applied');
  await page.waitForFunction(() => window.ce8Status.traverse && window.ce8Status.traverse.stops === 3, null,
    { timeout: 10_000 });
  const restored = await status(page);
  expect(restored.roverId).toBe('chinese-rover');
  expect(restored.plans).toBe(0);
  // Plan what the link restored, on the site's 20 m tile.
  await page.evaluate(([lat, lon]) => window.ce8Command({ cmd: 'fly_to', lat, lon, distance_m: 5000 }), kLander);
  await page.waitForFunction(() => window.ce8Status.localTile, null, { timeout: 120_000 });
  await page.evaluate(() => window.ce8Command({ cmd: 'replan_traverse' }));
  await page.waitForFunction(() => window.ce8Status.traverse.state !== 'idle' &&
    window.ce8Status.traverse.state !== 'planning', null, { timeout: 120_000 });
  const s = await status(page);
  console.log(`linked route: ${JSON.stringify(s)}`);
  expect(s.state).toBe('done');
  expect(s.grid).toMatch(/20 m grid/);
  expect(distanceM(s.from, kLander)).toBeLessThan(30);
  expect(distanceM(s.to, kStop)).toBeLessThan(30);  // the last stop
  // Two legs: longer than the two straight lines together only by detours.
  const legs = distanceM(kLander, kGoal) + distanceM(kGoal, kStop);
  expect(s.distanceM).toBeGreaterThanOrEqual(legs * 0.99);
  await page.evaluate(() => window.ce8Command({ cmd: 'seek_traverse', fraction: 0.4 }));
  await page.waitForTimeout(2500);  // the camera frames the route
  await page.screenshot({ path: resolve(shots, 'traverse-linked-route.png') });
  expect((await status(page)).rover.onScreen).toBe(true);

  // Time-aware, least energy, to the first goal: the engine's time-aware planner in one stage.
  const timed = await plan(page, kLander, kGoal, '', 1, 1);
  console.log(`time-aware: ${timed.state} ${timed.message} stages ${JSON.stringify(timed.stageMs)} ms, ` +
    `${timed.distanceM.toFixed(0)} m, ${timed.durationH.toFixed(1)} h, feasible ${timed.feasible}`);
  expect(timed.state).toBe('done');
  expect(timed.plans).toBe(s.plans + 1);
  expect(distanceM(timed.to, kGoal)).toBeLessThan(30);
  expect(typeof timed.feasible).toBe('boolean');
  // The Rover tab (a click on its tab; a picture to look at, nothing asserted).
  await page.mouse.move(112, 169);
  await page.waitForTimeout(400);
  await page.mouse.down();
  await page.waitForTimeout(400);
  await page.mouse.up();
  await page.waitForTimeout(1000);
  await page.screenshot({ path: resolve(shots, 'traverse-rover-tab.png') });
  expect(errors).toEqual([]);
});

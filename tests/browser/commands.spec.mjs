// The page's one command entry (window.ce8Command -> ce8_command): commands change the session
// as the panels do, the status object follows, and bad commands get one-line errors and change
// nothing.
import { test, expect } from '@playwright/test';
import { watchErrors } from './helpers.mjs';

async function start(page) {
  await page.goto('/index.html');
  await page.waitForFunction(() => window.ce8Status && (window.ce8Status.firstFrame || window.ce8Status.error),
    null, { timeout: 60_000 });
  await page.waitForFunction(() => window.ce8Status.app && window.ce8Status.app.phase === 'running');
}

const run = (page, command) => page.evaluate((c) => window.ce8Command(c), command);

test('commands drive the clock, the site, the overlay and the panels; the status follows', async ({ page }) => {
  const errors = watchErrors(page);
  await start(page);
  expect(await run(page, { cmd: 'set_clock', time: '2028-11-01T12:00:00Z' })).toEqual({ ok: true });
  await page.waitForFunction(() => window.ce8Status.app.time_iso === '2028-11-01T12:00:00Z');
  expect(await run(page, { cmd: 'follow_span', from: '2028-11-01T00:00:00Z', until: '2028-11-30T00:00:00Z', duration_s: 20, loop: true })).toEqual({ ok: true });
  await page.waitForFunction(() => window.ce8Status.app.clock_mode === 'span' && window.ce8Status.app.time_iso > '2028-11-01T06');
  expect(await run(page, { cmd: 'pause' })).toEqual({ ok: true });
  expect(await run(page, { cmd: 'select_site', site: 'leibnitz-beta' })).toEqual({ ok: true });
  expect(await run(page, { cmd: 'fly_to', site: 'artemis-iii-haworth' })).toEqual({ ok: true });
  expect(await run(page, { cmd: 'show_panels', visible: false })).toEqual({ ok: true });
  expect(await run(page, { cmd: 'set_language', lang: 'tr' })).toEqual({ ok: true });
  const reply = await run(page, { cmd: 'status' });
  expect(reply.ok).toBe(true);
  expect(reply.status.clock_mode).toBe('stopped');
  expect(reply.status.site.id).toBe('leibnitz-beta');
  expect(reply.status.panels_visible).toBe(false);
  expect(reply.status.language).toBe('tr');
  expect(errors).toEqual([]);
});

test('bad commands are refused with one line and change nothing', async ({ page }) => {
  await start(page);
  await run(page, { cmd: 'set_clock', time: '2028-11-01T12:00:00Z' });
  for (const [command, part] of [
    [{ cmd: 'set_clock', time: '2029-02-30T00:00:00Z' }, 'not a valid UTC time'],
    [{ cmd: 'teleport' }, "unknown command 'teleport'"],
    [{ cmd: 'fly_to', site: 'atlantis' }, "unknown site 'atlantis'"],
    [{ cmd: 'overlay', name: 'heat' }, 'must be none, lit, earth, shadow or slope'],
    [{ cmd: 'play_traverse', on: true }, 'no drive is planned yet'],
  ]) {
    const reply = await run(page, command);
    expect(reply.ok).toBe(false);
    expect(reply.error).toContain(part);
    expect(reply.error).not.toContain('\n');
  }
  const raw = await page.evaluate(() => Module.ccall('ce8_command', 'string', ['string'], ['{"cmd": "fly_to"']));
  expect(JSON.parse(raw).error).toContain('not valid JSON');
  const s = (await run(page, { cmd: 'status' })).status;
  expect(s.time_iso).toBe('2028-11-01T12:00:00Z');
  expect(s.overlay).toBe('none');
});

// Shared by the browser specs: where things are, and a page error collector.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
// Screenshots the tests take (look at them): build/screenshots/.
export const shots = resolve(root, 'build/screenshots');
mkdirSync(shots, { recursive: true });
// The native CLI (scripts/test builds it before the browser tests run).
export const ce8Cli = resolve(root, 'build/native/src/cli/ce8');

// Collects console errors, page errors, failed requests and HTTP errors; a test expects the
// returned array to stay empty.
export function watchErrors(page) {
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));
  page.on('response', (r) => { if (r.status() >= 400) errors.push(`HTTP ${r.status()}: ${r.url()}`); });
  return errors;
}

// From the start screen into explore mode, as a visitor who presses "Explore": the panels show;
// then the clock stops at the explorer's default instant and the camera goes to the overview, so
// that pictures are steady and comparable.
export async function explore(page) {
  await page.locator('#start-explore').click({ timeout: 30_000 });
  await page.evaluate(() => {
    window.ce8Command({ cmd: 'pause' });
    window.ce8Command({ cmd: 'set_clock', time: '2028-10-25T00:00:00Z' });
    window.ce8Command({ cmd: 'reset_view' });
  });
  await page.waitForFunction(() => window.ce8Status.app && window.ce8Status.app.panels_visible &&
    window.ce8Status.app.clock_mode === 'stopped');
  await page.waitForTimeout(2500);  // the camera's flight to the overview
}

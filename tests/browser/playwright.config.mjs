// Playwright drives Debian's Chromium (no browser downloads) against the built bundle, served
// by scripts/serve.mjs on a test port, with and without cross-origin isolation.
import { defineConfig } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
// The bundle under test: build/web, or CE8_SITE_DIR (a helper's own build).
// Test ports: CE8_TEST_PORT (isolated) and the next one (no COOP/COEP), so two checkouts can test at once.
export const isolatedPort = Number(process.env.CE8_TEST_PORT || 8431);
export const plainPort = isolatedPort + 1;
const site = process.env.CE8_SITE_DIR ? resolve(process.env.CE8_SITE_DIR) : resolve(root, 'build/web');

export const chromiumArgs = [
  '--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist',
];

export default defineConfig({
  testDir: '.',
  testMatch: /.*\.spec\.mjs/,
  timeout: 90_000,
  retries: 0,
  workers: 1,
  reporter: [['list']],
  outputDir: resolve(root, 'build/browser-test-results'),
  use: {
    baseURL: `http://127.0.0.1:${isolatedPort}`,
    headless: true,
    viewport: { width: 1280, height: 800 },
    // The site's service worker (offline use, isolation by reload: docs/offline.md) is tested by
    // offline.spec.mjs, which allows it; elsewhere it would add a background download and, on
    // the server without COOP/COEP, a reload at a random moment.
    serviceWorkers: 'block',
    launchOptions: { executablePath: '/usr/bin/chromium', args: chromiumArgs },
  },
  webServer: [
    {
      command: `node ${resolve(root, 'scripts/serve.mjs')} ${site} ${isolatedPort}`,
      url: `http://127.0.0.1:${isolatedPort}/index.html`,
      reuseExistingServer: false,
    },
    {
      command: `node ${resolve(root, 'scripts/serve.mjs')} ${site} ${plainPort} --no-isolation`,
      url: `http://127.0.0.1:${plainPort}/index.html`,
      reuseExistingServer: false,
    },
  ],
});

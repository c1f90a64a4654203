// The app's ImGui panels follow the page's language for the labels the tour shows (Chinese,
// Urdu shaped right to left, Turkish): the panels' titles change with the picker.
// Screenshots: build/screenshots/panel-labels-<lang>.png (look at them).
import { test, expect } from '@playwright/test';
import { resolve } from 'node:path';
import { explore, shots, watchErrors } from './helpers.mjs';

test('the panel titles follow the language picker (zh, ur, tr, en)', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = watchErrors(page);
  await page.goto('/index.html?lang=en');
  await page.waitForFunction(() => window.ce8Status && window.ce8Status.firstFrame, null, { timeout: 120_000 });
  await explore(page);
  // The right-hand panels' title bars (Landing sites, Sky and time) at 1280x800.
  const titles = { x: 870, y: 36, width: 400, height: 240 };
  const seen = {};
  for (const lang of ['en', 'zh', 'ur', 'tr']) {
    await page.locator('#lang-select').selectOption(lang);
    await page.waitForFunction((l) => window.ce8Status.app.language === l, lang);
    await page.waitForTimeout(1200);
    seen[lang] = await page.screenshot({ clip: titles });
    await page.screenshot({ path: resolve(shots, `panel-labels-${lang}.png`) });
  }
  for (const lang of ['zh', 'ur', 'tr']) expect(Buffer.compare(seen[lang], seen.en), `${lang} differs from English`).not.toBe(0);
  expect(Buffer.compare(seen.zh, seen.ur)).not.toBe(0);
  expect(errors).toEqual([]);
});

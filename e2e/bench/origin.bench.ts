// The origin analyses in headless Chromium over the benchmark's generated data (run by
// scripts/bench-origin.sh and scripts/bench-client.sh): from opening 원산지 분석 to the exporters
// ranked (the server's exporters with their features, sent as Arrow, scored by tract in the
// worker), and from the FTA tab to its queue, for a national reviewer and a Busan analyst.
import { test } from '@playwright/test';
import { signIn } from '../tests/session';

for (const user of ['reviewer', 'analyst.busan']) test(`@bench origin analyses as ${user}`, async ({ page }) => {
  test.setTimeout(600_000);
  await signIn(page, user, '/');
  const t0 = Date.now();
  await page.goto('/origin');
  const ranking = page.locator('#rerouting-ranking');
  await ranking.locator('tbody tr').first().waitFor({ timeout: 500_000 });
  const ranked = (Date.now() - t0) / 1000;
  const caption = await ranking.locator('caption').innerText();
  const t1 = Date.now();
  await page.getByRole('tab', { name: 'FTA 검증' }).click();
  await page.locator('#fta-queue tbody tr').first().waitFor({ timeout: 300_000 });
  const queue = (Date.now() - t1) / 1000;
  console.log(`origin (${user}): exporters ranked in the browser ${ranked.toFixed(1)} s (${caption}); FTA queue ${queue.toFixed(1)} s`);
});

// The company pages in headless Chromium over the benchmark's generated data (run by
// scripts/bench-companies.sh): from opening 업체 위험 순위 to every company of the scope scored
// by tract in the worker and ranked, for each model; and a profile from the click to its first
// paint (the overview) and to its scores with their reasons (its quarterly history scored by
// both models in the worker), for a national reviewer and a Busan analyst.
import { test } from '@playwright/test';
import { signIn } from '../tests/session';

for (const user of ['reviewer', 'analyst.busan']) test(`@bench company pages as ${user}`, async ({ page }) => {
  test.setTimeout(900_000);
  await signIn(page, user, '/');
  const t0 = Date.now();
  await page.goto('/companies');
  const ranking = page.locator('#company-ranking');
  await ranking.locator('tbody tr').first().waitFor({ timeout: 800_000 });
  const delinquency = (Date.now() - t0) / 1000;
  const caption = await ranking.locator('caption').innerText();
  const t1 = Date.now();
  await page.locator('#company-model').selectOption('tax-risk');
  await page.locator('#company-ranking[data-model="tax-risk"] tbody tr').first().waitFor({ timeout: 800_000 });
  const taxRisk = (Date.now() - t1) / 1000;
  const t2 = Date.now();
  await page.locator('#company-ranking tbody tr').first().locator('td:nth-child(2) a').click();
  await page.locator('#company-overview').waitFor({ timeout: 300_000 });
  const paint = (Date.now() - t2) / 1000;
  await page.locator('.company-score .score-line').first().waitFor({ timeout: 300_000 });
  const scored = (Date.now() - t2) / 1000;
  console.log(`companies (${user}): ${caption}; delinquency ranked in the browser ${delinquency.toFixed(1)} s, `
    + `tax-risk ${taxRisk.toFixed(1)} s; profile first paint ${paint.toFixed(1)} s, scores and reasons ${scored.toFixed(1)} s`);
});

// The supply-chain model in the scoring studio: a Busan analyst scores the manifest lines that
// arrived in a period from the inspection histories of their parties' combinations (computed in
// the browser's worker from what the server sends of the analyst's office), sees the lines
// ranked with the combinations behind each score, and precision and recall against the frauds
// inspection found.
import { expect, test } from '@playwright/test';
import { signIn } from './session';

test('score manifest lines with the supply-chain model', async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, 'analyst.busan', '/scoring?model=supply-chain');
  await expect(page.locator('#scoring-model')).toHaveValue('supply-chain');
  await expect(page.locator('#supply-chain-hint')).toContainText('관계자 조합');
  // The period is needed.
  await page.getByRole('button', { name: '위험도 분석 실행' }).click();
  await expect(page.locator('#scoring-failed')).toContainText('입항일 기간');

  await page.locator('#scoring-from').fill('2021-01-01');
  await page.locator('#scoring-to').fill('2021-06-30');
  await page.locator('#scoring-limit').fill('3000');
  await page.getByRole('button', { name: '위험도 분석 실행' }).click();
  await expect(page.locator('#scoring-done')).toHaveText('채점 완료', { timeout: 150_000 });

  const results = page.locator('section.results[data-model="supply-chain"]');
  const n = Number(await results.getAttribute('data-rows'));
  expect(n).toBeGreaterThan(500);
  expect(n).toBeLessThanOrEqual(3000);
  const table = page.locator('table.ranked[data-model="supply-chain"]');
  await expect(table.locator('tbody tr')).toHaveCount(100);
  const scores = (await table.locator('td.risk').allInnerTexts()).map(Number);
  expect(scores.every((v, i) => i === 0 || scores[i - 1] >= v)).toBe(true);
  // Every line is Busan's (office 20), and the riskiest say which combination made them so.
  const offices = await table.locator('tbody tr td:nth-child(9)').allInnerTexts();
  expect(offices.every((o) => o.includes('20'))).toBe(true);
  await expect(table.locator('tbody tr').first().locator('td.reasons')).toContainText('적발률');
  // Inspection outcomes are known: precision and recall at each inspection rate.
  await expect(page.locator('table.pr-table tbody tr')).toHaveCount(4);
  await expect(page.locator('#rate-metrics')).toContainText('재현율');
  // A scored widget cannot re-run this model from a spec: no save to a dashboard.
  await expect(page.locator('#save-target')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/scoring-supply-chain.png', fullPage: true });

  // In English too.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(table.locator('tbody tr').first().locator('td.reasons')).toContainText('found');
});

// The price model in the scoring studio, cancelling a run, and a scored result saved to a
// dashboard: an officer checks declared values against the expected unit value, sees the lines
// flagged as likely under-valued, keeps the check on a dashboard that re-scores it on opening.
import { expect, test } from '@playwright/test';
import { signIn } from './session';

test('check declared values with the price model and save the check to a dashboard', async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, 'reviewer', '/scoring');
  await page.locator('#scoring-model').selectOption('price');
  await page.locator('#scoring-limit').fill('2000');
  await page.getByRole('button', { name: '위험도 분석 실행' }).click();
  await expect(page.locator('#scoring-done')).toHaveText('채점 완료', { timeout: 150_000 });

  const table = page.locator('table.ranked[data-model="price"]');
  await expect(table.locator('tbody tr')).toHaveCount(100);
  // Ranked by shortfall, highest first; the first lines are declared below half the expectation.
  const scores = (await table.locator('td.risk').allInnerTexts()).map(Number);
  expect(scores.every((v, i) => i === 0 || scores[i - 1] >= v)).toBe(true);
  const first = table.locator('tbody tr').first();
  await expect(first.locator('.badge')).toHaveText('저가 의심');
  const ratio = Number((await first.locator('td.num').nth(4).innerText()).replace('%', ''));
  expect(ratio).toBeLessThan(50);
  // Each expectation says what it rests on.
  await expect(first.locator('td.basis')).toHaveText(/같은 HS6·원산지 [\d,]+건|같은 HS6 [\d,]+건|상위 분류/);
  // How many were flagged, and how the flag compares with the planted under-valuations.
  const flagged = page.locator('#price-flagged');
  await expect(flagged).toContainText('예상 단가의 50% 미만');
  const count = Number((await flagged.innerText()).split(' / ')[0].replace(/,/g, ''));
  expect(count).toBeGreaterThan(0);
  expect(count).toBeLessThan(2000 * 0.1);
  await expect(page.locator('table.pr-table tbody tr')).toHaveCount(4);
  await expect(page.locator('#rate-metrics')).toContainText('재현율');
  await page.screenshot({ path: 'test-results/scoring-price.png', fullPage: true });

  // Save the check to a new dashboard; the widget re-scores the same extract when it opens.
  const title = `가격 점검 ${Date.now()}`;
  await page.locator('#save-target').selectOption('new');
  await page.locator('#new-dashboard-title').fill(title);
  await page.locator('#widget-title').fill('저가신고 의심');
  await page.locator('#save-widget').click();
  await page.getByRole('link', { name: '대시보드 열기' }).click();
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
  const widget = page.locator('article.widget').first();
  await expect(widget).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
  await expect(widget.locator('.scored-widget[data-model="price"] tbody tr')).toHaveCount(10);
  await expect(widget.locator('.widget-summary')).toContainText(`${count.toLocaleString('en-US')} / 2,000`);
  await expect(widget.locator('.badge').first()).toHaveText('저가 의심');
  await page.screenshot({ path: 'test-results/dashboard-scored-widget.png', fullPage: true });
  // Its link opens the studio with the same model and extract.
  await widget.getByRole('link', { name: 'AI 위험 분석에서 열기' }).click();
  await expect(page.locator('#scoring-model')).toHaveValue('price');
  await expect(page.locator('#scoring-limit')).toHaveValue('2000');
});

test('cancel a scoring run, then run again', async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, 'reviewer', '/scoring');
  await page.locator('#scoring-limit').fill('60000');
  await page.getByRole('button', { name: '위험도 분석 실행' }).click();
  await expect(page.locator('#scoring-progress')).toBeVisible({ timeout: 120_000 });
  await page.locator('#cancel-scoring').click();
  await expect(page.locator('#scoring-failed')).toHaveText('분석을 취소했습니다.');
  await expect(page.locator('#cancel-scoring')).toHaveCount(0);
  await expect(page.locator('table.ranked')).toHaveCount(0);
  // Nothing from the cancelled run arrives later.
  await page.waitForTimeout(1_500);
  await expect(page.locator('#scoring-done')).toHaveCount(0);
  // A fresh run works.
  await page.locator('#scoring-limit').fill('500');
  await page.getByRole('button', { name: '위험도 분석 실행' }).click();
  await expect(page.locator('#scoring-done')).toHaveText('채점 완료', { timeout: 150_000 });
  await expect(page.locator('table.ranked tbody tr')).toHaveCount(100);
});

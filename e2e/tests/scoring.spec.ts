// The scoring studio as an officer uses it: score the portal's own declarations with the default
// high-risk model in the browser (Web Worker, tract in wasm, the HS model beside it), watch the
// progress finish, read the ranked table and the signals behind each score, see precision above
// the base rate, move the inspection-rate slider, and get HS code suggestions for an item
// description.
import { expect, test } from '@playwright/test';
import { signIn } from './session';

test('score an extract in the browser and get HS suggestions', async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, 'reviewer', '/scoring');
  // The portal's own model is the default.
  await expect(page.locator('#scoring-model')).toHaveValue('high-risk');
  await page.locator('#scoring-limit').fill('2000');
  await page.getByRole('button', { name: '위험도 분석 실행' }).click();
  await expect(page.locator('#scoring-progress, #scoring-done')).toBeVisible({ timeout: 60_000 });
  await expect(page.locator('#scoring-done')).toHaveText('채점 완료', { timeout: 150_000 });

  const ranked = page.locator('table.ranked tbody tr');
  await expect(ranked).toHaveCount(100);
  const risks = await page.locator('table.ranked td.risk').allInnerTexts();
  const values = risks.map(Number);
  expect(values.every((v, i) => i === 0 || values[i - 1] >= v)).toBe(true);
  expect(values[0]).toBeGreaterThan(values[values.length - 1]);
  expect(values.every((v) => v >= 0 && v <= 999)).toBe(true);
  // The riskiest rows say why, naming the signal and its value.
  await expect(page.locator('table.ranked[data-model="high-risk"]')).toBeVisible();
  await expect(page.locator('table.ranked td.reasons').first()).not.toBeEmpty();
  await expect(page.locator('table.ranked td.reasons').filter({
    hasText: /신고 단가가 예상의 \d+%|원산지증명서|HS 부호가 품명 기준|적발률/,
  }).first()).toBeVisible();

  // The slider moves declarations between inspection and the fast lane.
  const split = page.locator('#inspection-split');
  await expect(split).toContainText('검사 100건 · 신속통관 1,900건');
  await page.locator('#inspection-rate').fill('10');
  await expect(split).toContainText('검사 200건 · 신속통관 1,800건');
  // Labelled declarations: precision/recall at the rate and by 1/2/5/10%.
  await expect(page.locator('#rate-metrics')).toContainText('정밀도');
  await expect(page.locator('table.pr-table tbody tr')).toHaveCount(4);
  // Inspecting the riskiest 5% finds fraud far more often than inspecting at random.
  const base = Number(await page.locator('#base-rate').getAttribute('data-rate'));
  const at5 = Number(await page.locator('table.pr-table tbody tr').nth(2).locator('td').nth(1).innerText());
  expect(base).toBeGreaterThan(0);
  expect(at5).toBeGreaterThan(2 * base);
  await page.screenshot({ path: 'test-results/scoring-studio.png', fullPage: true });

  // Attach the scored result to an analysis request (one made for this story).
  const requestId = await page.evaluate(async () => {
    const csrf = (await (await fetch('/api/me')).json()).csrf_token;
    const res = await fetch('/api/requests', {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
      body: JSON.stringify({ title: `위험도 채점 결과 ${Date.now()}`, purpose: '검사 대상 선별',
        content: '이번 주 수입신고 위험도', datasets: ['import_declaration'] }),
    });
    return (await res.json()).id as number;
  });
  await page.reload();
  await page.locator('#scoring-limit').fill('2000');
  await page.getByRole('button', { name: '위험도 분석 실행' }).click();
  await expect(page.locator('#scoring-done')).toHaveText('채점 완료', { timeout: 150_000 });
  await page.locator('#attach-request').selectOption(String(requestId));
  await page.locator('#attach-scores').click();
  await expect(page.locator('form.attach-scores [role="status"]')).toContainText('첨부했습니다');
  await page.goto(`/requests/${requestId}`);
  await expect(page.getByRole('link', { name: 'risk-scores.csv' })).toBeVisible();
  await page.goto('/scoring');

  // HS suggestions for a Korean description.
  await page.locator('#hs-text').fill('휴대폰');
  await page.getByRole('button', { name: '추천', exact: true }).click();
  const suggestions = page.locator('ol.hs-suggestions li');
  await expect(suggestions).toHaveCount(5, { timeout: 60_000 });
  await expect(page.locator('ol.hs-suggestions')).toContainText('8517');

  // Frozen mackerel, as an officer writes it, answers the fish chapter first; so does its
  // Vietnamese invoice line.
  for (const text of ['냉동 고등어', 'cá thu đông lạnh']) {
    await page.locator('#hs-text').fill(text);
    await page.getByRole('button', { name: '추천', exact: true }).click();
    await expect(suggestions.first().locator('code')).toHaveText(/^0303\./);
  }
});

// 원산지 분석: a reviewer opens the origin page, sees the exporters ranked by the rerouting model
// (run in the browser's worker) with the evidence behind each score, opens the riskiest and sees
// its Chinese imports matched to its exports on a timeline and its routes; switches to FTA
// verification, filters by agreement, downloads the verification list, attaches it to a request
// and saves it to a dashboard. English too.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { signIn } from './session';

test('rank exporters, open one, verify FTA claims and attach the list', async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, 'reviewer', '/scoring');
  await page.getByRole('link', { name: '원산지 분석' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '원산지 분석' })).toBeVisible();
  const requestId = await page.evaluate(async () => {
    const csrf = (await (await fetch('/api/me')).json()).csrf_token;
    const res = await fetch('/api/requests', {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
      body: JSON.stringify({ title: `FTA 검증 ${Date.now()}`, purpose: '특혜 적용 검증',
        content: '검증 대상 목록', datasets: ['import_declaration'] }),
    });
    return (await res.json()).id as number;
  });

  // The ranked exporters, riskiest first, each with its evidence.
  const ranking = page.locator('#rerouting-ranking');
  await expect(ranking.locator('tbody tr')).toHaveCount(100, { timeout: 120_000 });
  await expect(ranking.locator('caption')).toContainText('브라우저');
  const scores = (await ranking.locator('tbody tr td:nth-child(3)').allInnerTexts()).map(Number);
  expect(scores.every((v, i) => i === 0 || scores[i - 1] >= v)).toBe(true);
  const first = ranking.locator('tbody tr').first();
  await expect(first.locator('td.evidence')).toContainText('중국산 수입');
  // The ranking downloads as CSV.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('#rerouting-download').click(),
  ]);
  expect(download.suggestedFilename()).toBe('rerouting-exporters.csv');
  const csv = readFileSync(await download.path(), 'utf8');
  expect(csv.split('\n')[0]).toMatch(/^exporter_id,risk_score,grade,/);

  // Open the riskiest exporter: its matched flows and routes.
  const id = (await first.locator('td:nth-child(2)').innerText()).trim();
  await first.locator('td:nth-child(2) button').click();
  await expect(page.getByRole('heading', { name: `${id}의 수입→수출 흐름` })).toBeVisible();
  const flows = page.locator('#flows-table tbody tr');
  await expect(flows.first()).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('#flows-timeline circle.flow-import').first()).toBeAttached();
  await expect(page.locator('#flows-routes path.route').first()).toBeAttached();
  await expect(page.locator('.exporter-flows .facts')).toContainText('제조');
  await page.screenshot({ path: 'test-results/origin-rerouting.png', fullPage: true });

  // FTA verification: totals, the queue, one agreement.
  await page.getByRole('tab', { name: 'FTA 검증' }).click();
  await expect(page.locator('#fta-summary')).toContainText('위험 관세', { timeout: 60_000 });
  const queue = page.locator('#fta-queue tbody tr');
  await expect(queue.first()).toBeVisible();
  await page.locator('#fta-agreement').selectOption('VN');
  await expect(page.locator('#fta-by-agreement tbody tr')).toHaveCount(1, { timeout: 30_000 });
  const agreements = await page.locator('#fta-queue tbody tr td:nth-child(5)').allInnerTexts();
  expect(agreements.length).toBeGreaterThan(0);
  expect(agreements.every((a) => a === 'VN')).toBe(true);
  const [list] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('#fta-download').click(),
  ]);
  expect(list.suggestedFilename()).toBe('fta-verification.csv');
  const lines = readFileSync(await list.path(), 'utf8').trim().split('\n');
  expect(lines[0]).toBe('declaration_id,declaration_date,office_id,importer_id,agreement,'
    + 'country_origin,hs6,risk_score,duty_at_stake,failed_checks,co_number,issuer_country');
  expect(lines.length).toBe(agreements.length + 1);
  await page.locator('#attach-request').selectOption(String(requestId));
  await page.locator('#attach-scores').click();
  await expect(page.locator('form.attach-scores [role="status"]')).toContainText('첨부했습니다');
  await page.screenshot({ path: 'test-results/origin-fta.png', fullPage: true });

  // Save the queue of this agreement to a new dashboard and open it there.
  const title = `FTA 검증 ${Date.now()}`;
  await page.locator('#save-target').selectOption('new');
  await page.locator('#new-dashboard-title').fill(title);
  await page.locator('#save-widget').click();
  await page.getByRole('link', { name: '대시보드 열기' }).click();
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
  const widget = page.locator('article.widget').first();
  await expect(widget).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await expect(widget.locator('.origin-widget[data-analysis="fta"] tbody tr')).toHaveCount(10);
  const widgetAgreements = await widget.locator('tbody tr td:nth-child(2)').allInnerTexts();
  expect(widgetAgreements.every((a) => a === 'VN')).toBe(true);
  await expect(widget.getByRole('link', { name: '원산지 분석에서 열기' })).toHaveAttribute('href', '/origin?tab=fta');
  await page.goto('/origin?tab=fta');

  // In English too.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('tab', { name: 'FTA verification' })).toBeVisible();
  await expect(page.locator('#fta-summary')).toContainText('duty at stake');
});

test('an analyst sees the exporters and claims of their office only', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, 'analyst.busan', '/origin?tab=fta');
  const offices = page.locator('#fta-queue tbody tr td:nth-child(3)');
  await expect(offices.first()).toBeVisible({ timeout: 60_000 });
  expect((await offices.allInnerTexts()).every((o) => o === '20')).toBe(true);
  await expect(page.locator('#fta-by-office tbody tr')).toHaveCount(1);
  await page.getByRole('tab', { name: '우회수출 (국산 가장)' }).click();
  await expect(page.locator('#rerouting-ranking tbody tr').first()).toBeVisible({ timeout: 120_000 });
});

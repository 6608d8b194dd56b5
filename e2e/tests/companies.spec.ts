// 업체 위험 순위 and 업체 프로파일: a reviewer opens the company ranking from AI 위험 분석, sees
// every company scored in the browser's worker (riskiest first, with its business factor and
// what raised its score), filters to grade 01, downloads the ranking, opens a company and sees
// every section of its profile with its scores, their history and reasons, follows a trading
// party to its own profile, switches to the tax-risk model and saves the ranking to a dashboard.
// An analyst sees the companies of their office only. English too.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { signIn } from './session';

const SECTIONS = [
  '#company-overview', '#company-scores', '#company-financials', '#company-imports',
  '#company-exports', '#company-payments', '#company-inspections', '#company-audits',
  '#company-stakeholders', '#company-peers',
];

test('rank companies, filter to grade 01, export, open a profile and its reasons', async ({ page }) => {
  test.setTimeout(240_000);
  await signIn(page, 'reviewer', '/scoring');
  await page.getByRole('link', { name: '업체 위험 순위 (체납·세무 위험)' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '업체 위험 순위' })).toBeVisible();

  // Every company of the scope, scored in the worker, riskiest first.
  const ranking = page.locator('#company-ranking');
  await expect(ranking.locator('tbody tr')).toHaveCount(100, { timeout: 120_000 });
  await expect(ranking).toHaveAttribute('data-model', 'delinquency');
  const scores = (await ranking.locator('tbody tr td:nth-child(7)').allInnerTexts()).map(Number);
  expect(scores.every((v, i) => i === 0 || scores[i - 1] >= v)).toBe(true);
  await expect(ranking.locator('tbody tr').first().locator('td.evidence')).toContainText('점)');

  // Grade 01 only.
  await page.locator('#company-grade').selectOption('1');
  const grades = ranking.locator('tbody tr td:nth-child(8)');
  await expect(grades.first()).toHaveText('01');
  const shown = await grades.allInnerTexts();
  expect(shown.length).toBeGreaterThan(0);
  expect(shown.every((g) => g === '01')).toBe(true);
  await page.screenshot({ path: 'test-results/companies-ranking.png', fullPage: true });

  // The filtered ranking downloads as CSV: the CLI's columns first, one line per company.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('#company-download').click(),
  ]);
  expect(download.suggestedFilename()).toBe('company-ranking.csv');
  const lines = readFileSync(await download.path(), 'utf8').trim().split('\n');
  expect(lines[0]).toMatch(/^company_id,score,grade,probability,/);
  expect(lines.length).toBe(shown.length + 1);
  expect(lines.slice(1).every((l) => l.split(',')[2] === '01')).toBe(true);

  // Open the riskiest company: every section, both scores with their reasons, the history.
  const first = ranking.locator('tbody tr').first();
  const id = (await first.locator('td:nth-child(2)').innerText()).trim();
  const name = (await first.locator('td:nth-child(3)').innerText()).trim();
  await first.locator('td:nth-child(2) a').click();
  await expect(page).toHaveURL(new RegExp(`/companies/${id}$`));
  await expect(page.getByRole('heading', { level: 1, name: `업체 프로파일: ${name}` })).toBeVisible({ timeout: 60_000 });
  for (const s of SECTIONS) {
    await expect(page.locator(s), s).toBeVisible();
    await expect(page.locator(`${s} h2`), s).toBeVisible();
  }
  const score = page.locator('.company-score[data-model="delinquency"]');
  await expect(score.locator('.score-line')).toContainText('01등급', { timeout: 60_000 });
  await expect(score.locator('ul.reasons li').first()).toContainText('점)');
  await expect(page.locator('.company-score[data-model="tax-risk"] .score-line')).toContainText('등급');
  const history = page.locator('#company-score-history tbody tr');
  expect(await history.count()).toBeGreaterThan(1);
  await expect(page.locator('#company-score-chart svg')).toBeAttached();
  await expect(page.locator('#company-imports-chart svg')).toBeAttached();
  await expect(page.locator('#company-imports-hs tbody tr').first()).toBeVisible();
  await expect(page.locator('#company-payments-line')).toContainText('납부');
  await expect(page.locator('#company-inspections-line')).toContainText('검사');
  await expect(page.locator('#company-peers-table tbody tr').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/company-profile.png', fullPage: true });

  // A trading party opens its own profile.
  const party = page.locator('#company-stakeholders-table tbody tr').first().locator('td:first-child a');
  const partyId = (await party.innerText()).trim();
  await party.click();
  await expect(page).toHaveURL(new RegExp(`/companies/${partyId}$`));
  await expect(page.locator('#company-overview dd').first()).toHaveText(partyId, { timeout: 60_000 });

  // The tax-risk ranking, saved to a new dashboard.
  await page.goto('/companies');
  await page.locator('#company-model').selectOption('tax-risk');
  await expect(ranking).toHaveAttribute('data-model', 'tax-risk', { timeout: 120_000 });
  await expect(ranking.locator('tbody tr').first()).toBeVisible();
  const title = `세무 위험 ${Date.now()}`;
  await page.locator('#save-target').selectOption('new');
  await page.locator('#new-dashboard-title').fill(title);
  await page.locator('#save-widget').click();
  await page.getByRole('link', { name: '대시보드 열기' }).click();
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
  const widget = page.locator('article.widget').first();
  await expect(widget).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
  await expect(widget.locator('.company-widget[data-model="tax-risk"] tbody tr')).toHaveCount(10);
  await expect(widget.getByRole('link', { name: '업체 위험 순위에서 열기' }))
    .toHaveAttribute('href', '/companies?model=tax-risk');

  // In English too (the profile is read again: as long a wait as the first time).
  await page.goto(`/companies/${id}`);
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Same-industry comparison' }))
    .toBeVisible({ timeout: 60_000 });
  await expect(page.locator('.company-score[data-model="delinquency"] .score-line'))
    .toContainText('grade 01', { timeout: 60_000 });
});

test('an analyst ranks and opens the companies of their office only', async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, 'analyst.busan', '/companies');
  const offices = page.locator('#company-ranking tbody tr td:nth-child(6)');
  await expect(offices.first()).toBeVisible({ timeout: 120_000 });
  expect((await offices.allInnerTexts()).every((o) => o === '20')).toBe(true);
  await expect(page.locator('#company-office option')).toHaveCount(2);
  // Its companies' profiles open, made of the office's rows (the API tests check them byte for byte).
  const first = page.locator('#company-ranking tbody tr').first();
  const id = (await first.locator('td:nth-child(2)').innerText()).trim();
  await first.locator('td:nth-child(2) a').click();
  await expect(page.locator('#company-overview dd').first()).toHaveText(id, { timeout: 60_000 });
  await expect(page.locator('.company-score[data-model="delinquency"] .score-line')).toContainText('등급', { timeout: 60_000 });
});

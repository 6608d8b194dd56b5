// Self-service analysis and dashboards as officers click through them: build an analysis with a
// filter and a group-by, read its chart and table view, download the CSV, save it to a new
// dashboard, reload it, share it read-only, and open the analysis link in another session.
import { readFileSync } from 'node:fs';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { signIn } from './session';

async function newSession(browser: Browser, user: string, path: string): Promise<Page> {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await signIn(page, user, path);
  return page;
}

async function buildMonthlyCnAnalysis(page: Page) {
  await page.locator('#add-filter').click();
  const filter = page.getByTestId('filter-0');
  await filter.getByLabel('필터 열').selectOption('country_origin');
  await filter.getByLabel('값', { exact: true }).fill('CN');
  await filter.getByLabel('값', { exact: true }).press('Tab');
  await page.locator('#add-group').click();
  const group = page.getByTestId('group-0');
  await group.getByLabel('그룹 기준').selectOption('declaration_date');
  await group.getByLabel('날짜 단위').selectOption('month');
  await page.getByRole('button', { name: '분석 실행' }).click();
  await expect(page.getByRole('heading', { name: '분석 결과' })).toBeVisible();
}

test('build, chart, download, save to a dashboard, share, open the link elsewhere', async ({ page, browser }) => {
  await signIn(page, 'analyst.incheon', '/analysis');
  await buildMonthlyCnAnalysis(page);

  // The result is a monthly series: a line chart is suggested, with a one-sentence summary.
  const figure = page.locator('figure.chart-view');
  await expect(figure).toHaveAttribute('data-kind', 'line');
  await expect(figure.locator('.chart svg')).toBeVisible();
  await expect(figure.locator('figcaption')).toContainText('선 차트: 신고일자 (월)별 건수');
  const rows = Number(await page.locator('section.results').getAttribute('data-rows'));
  expect(rows).toBeGreaterThan(0);

  // The chart's table view holds one row per month.
  await figure.getByRole('button', { name: '표로 보기' }).click();
  const tableRows = figure.locator('.chart-table tbody tr');
  await expect(tableRows).toHaveCount(rows);
  await page.screenshot({ path: 'test-results/analysis-table-view.png', fullPage: true });
  await figure.getByRole('button', { name: '차트로 보기' }).click();
  await expect(figure.locator('.chart svg')).toBeVisible();

  // The virtualised table shows the same rows, sortable.
  const grid = page.getByRole('grid');
  await expect(grid).toHaveAttribute('aria-rowcount', String(rows + 1));
  await grid.getByRole('button', { name: /^건수/ }).click();
  await expect(grid.getByRole('columnheader', { name: /건수/ })).toHaveAttribute('aria-sort', 'ascending');

  // CSV download: BOM, header, one line per result row, and only CN rows were counted.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('#download-csv').click(),
  ]);
  expect(download.suggestedFilename()).toBe('import_declaration-analysis.csv');
  const csv = readFileSync(await download.path());
  expect(csv.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  const lines = csv.subarray(3).toString('utf8').trim().split('\n');
  expect(lines[0]).toBe('declaration_date_month,count');
  expect(lines.length).toBe(rows + 1);
  expect(lines[1]).toMatch(/^\d{4}-\d{2}-01,\d+$/);

  // The address is the analysis: keep it for later.
  const link = page.url();
  expect(link).toContain('/analysis?a=');

  // Save to a new dashboard, open it, reload it: the widget is there and loads.
  const title = `인천 CN 월별 ${Date.now()}`;
  await page.locator('#new-dashboard-title').fill(title);
  await page.locator('#widget-title').fill('CN 월별 신고 건수');
  await page.locator('#save-widget').click();
  await page.getByRole('link', { name: '대시보드 열기' }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  const widget = page.locator('article.widget');
  await expect(widget).toHaveAttribute('data-state', 'ready');
  await expect(widget.getByRole('heading', { name: 'CN 월별 신고 건수' })).toBeVisible();
  await page.reload();
  await expect(page.locator('article.widget')).toHaveAttribute('data-state', 'ready');
  await expect(page.locator('article.widget figure.chart-view')).toHaveAttribute('data-kind', 'line');
  const dashboardUrl = page.url();

  // Share it with the reviewer by name.
  await page.getByText('설정과 공유').click();
  await page.locator('#share-users').fill('reviewer');
  await page.locator('#save-shares').click();
  await expect(page.locator('#share-users')).toHaveValue('reviewer');

  // The reviewer sees it read-only: no settings, no delete, no widget editing; may duplicate.
  const reviewer = await newSession(browser, 'reviewer', dashboardUrl);
  await expect(reviewer.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(reviewer.getByText('공유받음 (읽기 전용)')).toBeVisible();
  await expect(reviewer.locator('article.widget')).toHaveAttribute('data-state', 'ready');
  await expect(reviewer.locator('#delete-dashboard')).toHaveCount(0);
  await expect(reviewer.getByText('설정과 공유')).toHaveCount(0);
  await expect(reviewer.getByRole('button', { name: '넓게' })).toHaveCount(0);
  await reviewer.screenshot({ path: 'test-results/dashboard-shared-readonly.png', fullPage: true });

  // An analyst of another office opens the analysis link: the same analysis is restored and
  // run within their own office's rows.
  const busan = await newSession(browser, 'analyst.busan', link);
  await expect(busan.getByRole('heading', { name: '분석 결과' })).toBeVisible();
  await expect(busan.getByTestId('filter-0').getByLabel('값', { exact: true })).toHaveValue('CN');
  await expect(busan.locator('figure.chart-view')).toHaveAttribute('data-kind', 'line');
  // Nor can they open the dashboard, which is not shared with them.
  await busan.goto(dashboardUrl);
  await expect(busan.getByRole('alert')).toContainText('no dashboard');
});

test('owner lays out a dashboard: add, resize, reorder, remove; one failing widget does not block others', async ({ page, request }) => {
  await signIn(page, 'analyst.incheon', '/dashboards');
  const title = `배치 ${Date.now()}`;
  await page.locator('#create-dashboard-title').fill(title);
  await page.locator('#create-dashboard').click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  const id = page.url().split('/').pop();
  // Two widgets through the API of this session (the analysis page is covered above); the second
  // asks for more rows than the server's cap, so it fails on its own.
  const csrf = await page.evaluate(async () => (await (await fetch('/api/me')).json()).csrf_token);
  const add = (body: object) => page.evaluate(async ([id, csrf, body]) => {
    const res = await fetch(`/api/dashboards/${id}/widgets`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf as string },
      body: JSON.stringify(body),
    });
    return res.status;
  }, [id, csrf, body]);
  expect(await add({ title: '세관별 건수', analysis: { spec: { dataset: 'inspection', group_by: ['office_id'], aggregates: [{ func: 'count' }] } } })).toBe(201);
  expect(await add({ title: '너무 큰 추출', analysis: { spec: { dataset: 'import_declaration', limit: 100000000 } } })).toBe(400);
  expect(await add({ title: '검사 결과별', analysis: { spec: { dataset: 'inspection', group_by: ['result'], aggregates: [{ func: 'count' }] } } })).toBe(201);
  await page.reload();
  const widgets = page.locator('article.widget');
  await expect(widgets).toHaveCount(2);
  await expect(widgets.nth(0)).toHaveAttribute('data-state', 'ready');
  await expect(widgets.nth(1)).toHaveAttribute('data-state', /ready|error/);

  // Wider, then move the first after the second, then remove one; reload keeps the layout.
  await widgets.nth(0).getByRole('button', { name: '넓게' }).click();
  await expect(widgets.nth(0)).toHaveAttribute('style', /span 3/);
  await widgets.nth(0).getByRole('button', { name: '뒤로 이동' }).click();
  await expect(widgets.nth(1).getByRole('heading', { name: '세관별 건수' })).toBeVisible();
  await page.reload();
  await expect(page.locator('article.widget').nth(1).getByRole('heading', { name: '세관별 건수' })).toBeVisible();
  await expect(page.locator('article.widget').nth(1)).toHaveAttribute('style', /span 3/);
  await page.locator('article.widget').nth(0).getByRole('button', { name: '삭제' }).click();
  await expect(page.locator('article.widget')).toHaveCount(1);
  void request;
});

test('home shows figures from the audit log and the catalog', async ({ page }) => {
  await signIn(page, 'analyst.incheon', '/data-map');
  const term = `원산지`;
  await page.getByLabel('데이터 검색').fill(term);
  // A submitted search is recorded (typing alone is not).
  const recorded = page.waitForResponse((r) => r.url().includes('record=true') && r.ok());
  await page.getByLabel('데이터 검색').press('Enter');
  await recorded;
  await page.goto('/data-map/inspection');
  await expect(page.locator('table.preview')).toBeVisible();
  await page.goto('/');
  await expect(page.locator('#total-records')).toHaveText(/^\d{1,3}(,\d{3})+$/);
  await expect(page.getByRole('region', { name: '인기 검색어' })).toContainText(term);
  await expect(page.getByRole('region', { name: '많이 이용한 데이터' })).toContainText('검사 결과');
  await expect(page.getByRole('region', { name: '세관별 이용 순위' }).locator('li').first()).toBeVisible();
  await expect(page.getByRole('region', { name: '최근 내 활동' })).toContainText('데이터 추출: 검사 결과');
  await page.screenshot({ path: 'test-results/home-figures.png', fullPage: true });
});

// The network page (관계망) as an officer uses it: search the busiest importer, draw its ego
// network (laid out in the graph worker), open a party's card, expand a party, rank hidden
// accomplices with the chain to their seeds, read the tables, and export the relations as CSV.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { signIn } from './session';

test('search an importer, draw its network, expand, find hidden accomplices, tables, CSV', async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, 'reviewer', '/network');
  // The busiest consignee of the demo data.
  const busiest = await page.evaluate(async () => {
    const csrf = (await (await fetch('/api/me')).json()).csrf_token;
    const res = await fetch('/api/extract?format=json', {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
      body: JSON.stringify({ dataset: 'cargo_manifest', group_by: ['consignee_id'],
        aggregates: [{ func: 'count' }], order_by: [{ column: 'count', descending: true }], limit: 1 }),
    });
    const rows = await res.json();
    return rows[0].consignee_id as string;
  });
  expect(busiest).toMatch(/^\w+$/);
  // A request to attach the relations to (made before the page lists the requests).
  const requestId = await page.evaluate(async () => {
    const csrf = (await (await fetch('/api/me')).json()).csrf_token;
    const res = await fetch('/api/requests', {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
      body: JSON.stringify({ title: `관계망 분석 ${Date.now()}`, purpose: '숨은 공범 검토',
        content: '최다 수입자의 관계망', datasets: ['cargo_manifest'] }),
    });
    return (await res.json()).id as number;
  });

  // Search by id: the company table lists it; open its network from the result.
  await page.getByLabel('업체 부호 또는 상호').fill(busiest);
  await page.getByRole('button', { name: '업체 검색' }).click();
  await expect(page.locator('#party-results-h')).toBeVisible();
  await page.locator('.hits button', { hasText: busiest }).first().click();
  await expect(page.locator('#network-h')).toHaveText(`${busiest}의 관계망`);
  const status = page.locator('.network .status');
  await expect(status).toContainText('배치 300/300회', { timeout: 60_000 });
  await expect(status).toContainText('공동체 모듈성');
  await expect(page.locator('.network-canvas canvas')).toBeVisible();
  // Something is drawn: the canvas is not blank.
  const inked = await page.locator('.network-canvas canvas').evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] < 250 || d[i + 1] < 250 || d[i + 2] < 250) n++;
    return n;
  });
  expect(inked).toBeGreaterThan(500);

  // The tables are the picture's twin; the first party row opens the card of the centre.
  await page.getByRole('button', { name: '표로 보기' }).click();
  expect(await page.locator('table.parties tbody tr').count()).toBeGreaterThan(2);
  await expect(page.locator('table.edges tbody tr').first()).toBeVisible();
  // Sort by frauds, largest first.
  await page.locator('table.parties thead button', { hasText: '적발' }).click();
  await expect(page.locator('table.parties thead th[aria-sort="descending"]')).toContainText('적발');
  // Open a forwarder's card and expand it: its other consignees join the network.
  const forwarder = page.locator('table.parties tbody tr', { hasText: '포워더' }).first();
  await forwarder.locator('button').click();
  await expect(page.locator('.party-card .party-id')).not.toBeEmpty();
  // The card charts the shipments this forwarder shares with the centre, by month ...
  const chart = page.locator('.party-card figure.chart-view');
  await expect(chart).toBeVisible({ timeout: 30_000 });
  const before = await status.innerText();
  await page.getByRole('button', { name: '이 관계자 확장' }).click();
  await expect(status).not.toHaveText(before, { timeout: 60_000 });
  await expect(status).toContainText('배치 300/300회', { timeout: 60_000 });
  // ... or with another party it has an edge with: one of the consignees the expansion added.
  await expect(chart).toBeVisible({ timeout: 30_000 });
  const withCentre = await chart.innerHTML();
  const partner = page.getByLabel('상대 관계자');
  await expect(partner.locator('option')).not.toHaveCount(1);
  await partner.selectOption({ index: 1 });
  await expect.poll(() => chart.innerHTML(), { timeout: 30_000 }).not.toBe(withCentre);
  await expect(chart).toBeVisible();
  // Hide a carrier: it leaves the network with the parties only it tied in.
  const parties = async () => Number((await status.innerText()).match(/관계자 ([\d,]+)명/)![1].replace(/,/g, ''));
  const beforeHide = await parties();
  await page.locator('table.parties tbody tr', { hasText: '보세운송업자' }).first().locator('button').click();
  await page.getByRole('button', { name: '이 관계자 숨기기' }).click();
  await expect.poll(parties, { timeout: 30_000 }).toBeLessThan(beforeHide);
  await expect(status).toContainText('배치 300/300회', { timeout: 60_000 });

  // Hidden accomplices: from the parties with frauds, or from the chosen party.
  await page.getByRole('button', { name: '숨은 공범 찾기' }).click();
  const noSeeds = page.getByText('적발 이력이 있는 수입자가 없습니다');
  if (await noSeeds.isVisible().catch(() => false)) {
    await page.getByRole('button', { name: '이 관계자의 숨은 공범' }).click();
  }
  const ranked = page.locator('section.accomplices tbody tr');
  await expect(ranked.first()).toBeVisible({ timeout: 30_000 });
  // Each candidate carries the chain that links it to a seed.
  await expect(ranked.first().locator('td').nth(3)).toContainText('→');

  // Export the relations as CSV.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: '관계 CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`network-${busiest}-edges.csv`);
  const csv = readFileSync(await download.path(), 'utf8');
  expect(csv.split('\n')[0]).toBe('source,target,target_role,shipments,value,frauds,first_seen,last_seen,hop');
  expect(csv).toContain(busiest);
  await page.screenshot({ path: 'test-results/network.png', fullPage: true });
  // Attach the relations to the request.
  await page.locator('#attach-request').selectOption(String(requestId));
  await page.locator('#attach-scores').click();
  await expect(page.locator('form.attach-scores [role="status"]')).toContainText('첨부했습니다');

  // Save the view to a new dashboard and open it there: the network is drawn again, with the
  // centre's shipments by month under it, and its link opens the network page.
  const title = `관계망 ${Date.now()}`;
  await page.locator('#save-target').selectOption('new');
  await page.locator('#new-dashboard-title').fill(title);
  await page.locator('#save-widget').click();
  await page.getByRole('link', { name: '대시보드 열기' }).click();
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
  const widget = page.locator('article.widget').first();
  await expect(widget).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await expect(widget.locator('.network-widget .summary')).toContainText('관계자');
  await expect(widget.locator('.network-widget canvas')).toBeVisible();
  await expect(widget.locator('figure.chart-view')).toBeVisible();
  await page.screenshot({ path: 'test-results/dashboard-network-widget.png', fullPage: true });
  await widget.getByRole('link', { name: '관계망에서 열기' }).click();
  await expect(page.locator('#network-h')).toHaveText(`${busiest}의 관계망`, { timeout: 30_000 });
});

test('the four patterns rank their combinations by lift, and a party opens its network', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, 'reviewer', '/network');
  await page.getByRole('link', { name: '고위험 패턴' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '고위험 패턴' })).toBeVisible();
  const table = page.locator('table.patterns[data-pattern="forwarder_consignor_storage"]');
  await expect(table.locator('tbody tr').first()).toBeVisible({ timeout: 60_000 });
  // Three keys, then shipments, inspections, frauds, hit rate, lift: highest lift first.
  const lifts = (await table.locator('tbody tr td:nth-child(8)').allInnerTexts()).map((t) => Number(t.replace(/,/g, '')));
  expect(lifts.length).toBeGreaterThan(1);
  expect(lifts.every((v, i) => i === 0 || lifts[i - 1] >= v)).toBe(true);
  await page.locator('#pattern').selectOption('consignee_office');
  const consignee = page.locator('table.patterns[data-pattern="consignee_office"] tbody tr a').first();
  await expect(consignee).toBeVisible({ timeout: 60_000 });
  const party = await consignee.innerText();
  await consignee.click();
  await expect(page.locator('#network-h')).toHaveText(`${party}의 관계망`, { timeout: 30_000 });
  await expect(page.locator('.network .status')).toContainText('배치 300/300회', { timeout: 60_000 });
});

// Every page as an officer sees it, at 1280 and 768 px: the top bar keeps to one line at 1280 px
// (also with a very long name), nothing overflows sideways, tables and charts speak the
// catalog's words instead of raw column names, and a screenshot of each page is kept in
// test-results/screens/ to look at.
import { expect, test, type Page } from '@playwright/test';
import { signIn } from './session';

// A grouped analysis with an aliased aggregate, as a link would carry it.
const analysis = encodeURIComponent(JSON.stringify({
  spec: {
    dataset: 'import_declaration',
    group_by: ['office_id'],
    aggregates: [{ func: 'sum', column: 'item_price', alias: 'value' }, { func: 'count' }],
    order_by: [{ column: 'value', descending: true }],
    limit: 10,
  },
  chart: { kind: 'bar' },
}));

const pages = [
  { path: '/', heading: '홈' },
  { path: '/data-map', heading: '데이터 지도' },
  { path: '/data-map/import_declaration', heading: '수입신고' },
  { path: `/analysis?a=${analysis}`, heading: '셀프 분석', name: 'analysis' },
  { path: '/scoring', heading: 'AI 위험 분석' },
  { path: '/network', heading: '관계망' },
  { path: '/network/patterns', heading: '고위험 패턴' },
  { path: '/origin', heading: '원산지 분석' },
  { path: '/companies', heading: '업체 위험 순위', ready: '#company-ranking tbody tr' },
  { path: '/companies/I0000704', heading: /^업체 프로파일: /, name: 'company', ready: '.company-score .score-line' },
  { path: '/requests', heading: '분석의뢰' },
  { path: '/requests/new', heading: '분석의뢰 신청' },
  { path: '/dashboards', heading: '내 대시보드' },
  { path: '/audit', heading: '감사 로그' },
  { path: '/account', heading: '내 계정' },
  { path: '/admin/users', heading: '사용자 관리', name: 'users' },
];

async function topBarIsOneLine(page: Page) {
  const bar = page.locator('header.topbar');
  const box = await bar.boundingBox();
  expect(box).not.toBeNull();
  const items = await bar.locator('.brand, .main-nav a, .lang-switch, .user').evaluateAll((els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      return { what: e.textContent, top: r.top, bottom: r.bottom, left: r.left, right: r.right };
    }));
  // One line: every item overlaps the vertical middle of the first nav link.
  const mid = (items[1].top + items[1].bottom) / 2;
  for (const it of items) {
    expect(it.top).toBeLessThan(mid);
    expect(it.bottom).toBeGreaterThan(mid);
  }
  // Side by side in order, none running into the next or out of the bar.
  for (let i = 1; i < items.length; i++) {
    expect(items[i].left, `'${items[i - 1].what}' runs into '${items[i].what}'`).toBeGreaterThanOrEqual(items[i - 1].right - 0.5);
  }
  expect(items[items.length - 1].right).toBeLessThanOrEqual(box!.x + box!.width + 0.5);
  // No link or button breaks its words over two lines.
  const broken = await bar.locator('.main-nav a, .lang-switch button, .user button, .user-link').evaluateAll((els) =>
    els.filter((e) => {
      const range = document.createRange();
      range.selectNodeContents(e);
      return new Set(Array.from(range.getClientRects(), (r) => Math.round(r.top))).size > 1;
    }).map((e) => e.textContent));
  expect(broken, 'wrapped over two lines').toEqual([]);
}

for (const width of [1280, 768]) {
  test(`every page at ${width}px`, async ({ page }) => {
    test.setTimeout(240_000);
    await page.setViewportSize({ width, height: 900 });
    await signIn(page, 'admin');
    for (const p of pages) {
      await page.goto(p.path);
      await expect(page.getByRole('heading', { level: 1, name: p.heading })).toBeVisible();
      if (p.name === 'analysis') {
        // The aliased aggregate keeps its name: the chart and table read in words, with units.
        await expect(page.locator('figure.chart-view figcaption')).toContainText('신고세관부호별 과세가격 원화금액 합계', { timeout: 20_000 });
        await expect(page.getByRole('columnheader', { name: /과세가격 원화금액 합계 \(원\)/ })).toBeVisible();
        await expect(page.getByRole('alert')).toHaveCount(0);
      }
      if (p.ready) {
        // Scored in the browser's worker: wait for the answer, not only the network.
        await expect(page.locator(p.ready).first()).toBeVisible({ timeout: 60_000 });
      }
      await page.waitForLoadState('networkidle');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${p.path} overflows sideways`).toBeLessThanOrEqual(0);
      if (width === 1280) {
        await topBarIsOneLine(page);
      }
      const name = (p.name ?? p.path.replace(/\//g, '-').replace(/^-/, '')) || 'home';
      await page.screenshot({ path: `test-results/screens/${name}-${width}.png`, fullPage: true });
    }
    if (width === 1280) {
      // Whatever the name, the bar stays on one line (a long name is cut with an ellipsis).
      await page.locator('.user-name').evaluate((e) => { e.textContent = '아주 긴 이름을 가진 사용자 (서울본부세관 통관지원국 심사과 분석반)'; });
      await topBarIsOneLine(page);
    }
  });
}

test('English pages read in English', async ({ page }) => {
  await signIn(page, 'analyst.incheon', `/analysis?a=${analysis}`);
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.locator('figure.chart-view figcaption')).toContainText('Bar chart of Sum of', { timeout: 20_000 });
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Home' })).toBeVisible();
  await topBarIsOneLine(page);
  await page.screenshot({ path: 'test-results/screens/home-en-1280.png', fullPage: true });
});

test('the English top bar of an administrator fits one line at 1280px', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, 'admin');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Home' })).toBeVisible();
  await topBarIsOneLine(page);
  await page.locator('.user-name').evaluate((e) => { e.textContent = 'A very long user name (Seoul Main Customs, Audit Division)'; });
  await topBarIsOneLine(page);
});

// A person opens the portal, walks every section from the top navigation, reloads deep links.
import { expect, test } from '@playwright/test';
import { signIn } from './session';

const sections = [
  { path: '/', ko: '홈' },
  { path: '/data-map', ko: '데이터 지도' },
  { path: '/analysis', ko: '셀프 분석' },
  { path: '/scoring', ko: 'AI 위험 분석' },
  { path: '/requests', ko: '분석의뢰' },
  { path: '/dashboards', ko: '내 대시보드' },
];

test('home loads in Korean', async ({ page }) => {
  await signIn(page);
  await expect(page.getByRole('heading', { level: 1, name: '홈' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
  await expect(page).toHaveTitle('관세 빅데이터 포털');
  await page.screenshot({ path: 'test-results/home-ko-1280.png', fullPage: true });
});

test('every navigation link reaches its page', async ({ page }) => {
  await signIn(page);
  const nav = page.getByRole('navigation', { name: '주 메뉴' });
  // Walk backwards so every click leaves the page it is on.
  for (const s of [...sections].reverse()) {
    await nav.getByRole('link', { name: s.ko, exact: true }).click();
    await expect(page).toHaveURL(s.path);
    await expect(page.getByRole('heading', { level: 1, name: s.ko })).toBeVisible();
    await expect(nav.getByRole('link', { name: s.ko, exact: true })).toHaveAttribute('aria-current', 'page');
  }
});

test('a reload on a client route keeps the page', async ({ page }) => {
  await signIn(page);
  await page.getByRole('navigation').getByRole('link', { name: '데이터 지도' }).click();
  await expect(page).toHaveURL('/data-map');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: '데이터 지도' })).toBeVisible();
});

test('an unknown client route shows the 404 page with a way home', async ({ page }) => {
  await signIn(page, 'reviewer', '/no/such/page');
  await expect(page.getByRole('heading', { level: 1, name: '페이지를 찾을 수 없습니다' })).toBeVisible();
  await page.getByRole('link', { name: '홈으로 가기' }).click();
  await expect(page).toHaveURL('/');
});

for (const width of [1280, 768]) {
  test(`layout holds at ${width}px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await signIn(page);
    const nav = page.getByRole('navigation', { name: '주 메뉴' });
    for (const s of sections) {
      await expect(nav.getByRole('link', { name: s.ko, exact: true })).toBeVisible();
    }
    await expect(page.getByRole('status')).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `test-results/home-ko-${width}.png`, fullPage: true });
  });
}

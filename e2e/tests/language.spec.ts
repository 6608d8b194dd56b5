// A person switches the portal to English and finds it still English after a reload.
import { expect, test } from '@playwright/test';
import { signIn } from './session';

test('the language switch changes visible text and survives a reload', async ({ page }) => {
  await signIn(page, 'reviewer', '/analysis');
  await expect(page.getByRole('heading', { level: 1, name: '셀프 분석' })).toBeVisible();

  await page.getByRole('group', { name: '언어 선택' }).getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Analysis' })).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  await expect(nav.getByRole('link', { name: 'Data map' })).toBeVisible();
  await expect(nav.getByRole('link', { name: '데이터 지도' })).toHaveCount(0);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('button', { name: 'English' })).toHaveAttribute('aria-pressed', 'true');

  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Analysis' })).toBeVisible();
  await expect(page).toHaveTitle('Customs Big Data Portal');

  await page.getByRole('button', { name: '한국어' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '셀프 분석' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: '셀프 분석' })).toBeVisible();
});

// The footer badge reads /api/health and turns green when the server is healthy.
import { expect, test } from '@playwright/test';

test('the health badge turns green', async ({ page }) => {
  await page.goto('/');
  const badge = page.getByRole('status');
  await expect(badge).toHaveAttribute('data-status', 'ok');
  await expect(badge).toContainText('정상');
  const color = await badge.locator('.dot').evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(color).toBe('rgb(30, 142, 62)');
});

test('the health badge turns red when the API fails', async ({ page }) => {
  await page.route('**/api/health', (route) =>
    route.fulfill({ status: 503, contentType: 'application/json', body: '{"code":"internal","message":"x"}' }),
  );
  await page.goto('/');
  const badge = page.getByRole('status');
  await expect(badge).toHaveAttribute('data-status', 'down');
  await expect(badge).toContainText('응답 없음');
});

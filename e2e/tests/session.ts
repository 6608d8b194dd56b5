// Signing in through the form, as a person does, before a story that needs a session.
import { expect, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'portal-demo-2026';

export async function signIn(page: Page, user = 'reviewer', path = '/'): Promise<void> {
  await page.goto(path);
  await page.getByLabel('아이디').fill(user);
  await page.getByLabel('비밀번호').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '로그인' }).click();
  await expect(page.getByRole('button', { name: '로그아웃' })).toBeVisible();
}

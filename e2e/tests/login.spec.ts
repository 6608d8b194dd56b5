// An officer signs in, is told clearly when the password is wrong, and signs out again.
import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD, signIn } from './session';

test('every page asks for a sign-in first, with clear errors', async ({ page }) => {
  await page.goto('/data-map');
  await expect(page.getByRole('heading', { level: 1, name: '로그인' })).toBeVisible();
  await page.getByRole('button', { name: '로그인' }).click();
  await expect(page.getByRole('alert')).toHaveText('아이디와 비밀번호를 입력하세요.');
  await page.getByLabel('아이디').fill('analyst.incheon');
  await page.getByLabel('비밀번호').fill('wrong-password');
  await page.getByRole('button', { name: '로그인' }).click();
  await expect(page.getByRole('alert')).toHaveText('아이디 또는 비밀번호가 올바르지 않습니다.');
  await page.getByLabel('비밀번호').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '로그인' }).click();
  // The page asked for is shown after signing in.
  await expect(page.getByRole('heading', { level: 1, name: '데이터 지도' })).toBeVisible();
  await expect(page.getByText('김분석 (인천공항세관)')).toBeVisible();
  await expect(page.getByText('분석 담당')).toBeVisible();
});

test('the session survives a reload and ends with sign-out', async ({ page }) => {
  await signIn(page, 'admin', '/requests');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: '분석의뢰' })).toBeVisible();
  await page.getByRole('button', { name: '로그아웃' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '로그인' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: '로그인' })).toBeVisible();
});

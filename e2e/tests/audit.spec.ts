// An administrator reads who signed in and what was extracted; other roles are turned away.
import { expect, test } from '@playwright/test';
import { signIn } from './session';

test('an administrator filters the audit log', async ({ page }) => {
  // A failed sign-in to find later.
  await page.goto('/');
  await page.getByLabel('아이디').fill('bureau');
  await page.getByLabel('비밀번호').fill('wrong-password');
  await page.getByRole('button', { name: '로그인' }).click();
  await expect(page.getByRole('alert')).toBeVisible();

  await signIn(page, 'admin');
  await page.getByRole('link', { name: '감사 로그' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '감사 로그' })).toBeVisible();
  const table = page.getByRole('table', { name: '감사 로그' });
  await expect(table.getByRole('row').filter({ hasText: 'admin' }).filter({ has: page.getByRole('cell', { name: '로그인', exact: true }) }).first()).toBeVisible();

  await page.getByLabel('작업').selectOption('login_failure');
  await page.getByLabel('사용자', { exact: true }).fill('bureau');
  await page.getByRole('button', { name: '조회' }).click();
  const rows = table.getByRole('row');
  await expect(rows.filter({ has: page.getByRole('cell', { name: '로그인 실패', exact: true }) }).first()).toBeVisible();
  await expect(rows.filter({ has: page.getByRole('cell', { name: '로그인', exact: true }) })).toHaveCount(0);
});

test('a reviewer may not read the audit log', async ({ page }) => {
  await signIn(page, 'reviewer', '/audit');
  await expect(page.getByRole('alert')).toHaveText('이 화면을 볼 권한이 없습니다.');
  await expect(page.getByRole('link', { name: '감사 로그' })).toHaveCount(0);
});

// Accounts as people manage them: an administrator creates an account, the new user changes
// their password and signs out everywhere, the administrator disables the account and the user
// can no longer sign in.
import { expect, test, type Page } from '@playwright/test';
import { signIn } from './session';

async function signInWith(page: Page, user: string, password: string) {
  await page.goto('/');
  await page.getByLabel('아이디').fill(user);
  await page.getByLabel('비밀번호').fill(password);
  await page.getByRole('button', { name: '로그인' }).click();
}

test('an administrator creates an account; its user changes the password; a disabled account cannot sign in', async ({ page, browser }) => {
  const name = `kim.e2e${Date.now() % 100000}`;
  await signIn(page, 'admin');
  await page.getByRole('link', { name: '사용자 관리' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '사용자 관리' })).toBeVisible();
  await expect(page.locator('tr[data-user="analyst.incheon"]')).toContainText('인천공항본부세관');
  await page.locator('#new-username').fill(name);
  await page.locator('#new-display-name').fill('김이투이');
  await page.locator('#new-office').selectOption('40');
  // The policy speaks before the server does.
  await page.locator('#new-user-password').fill('short');
  await page.locator('#create-user').click();
  await expect(page.getByRole('main').getByRole('status')).toContainText('12자 이상');
  await page.locator('#new-user-password').fill('처음 비밀번호 2026-12');
  await page.locator('#create-user').click();
  await expect(page.getByRole('main').getByRole('status')).toContainText(`${name} 계정을 만들었습니다`);
  await expect(page.locator(`tr[data-user="${name}"]`)).toContainText('사용 중');

  // The new user signs in elsewhere and changes the password.
  const other = await browser.newPage();
  await signInWith(other, name, '처음 비밀번호 2026-12');
  await other.getByRole('link', { name: '김이투이' }).click();
  await expect(other.getByRole('heading', { level: 1, name: '내 계정' })).toBeVisible();
  await other.locator('#current-password').fill('처음 비밀번호 2026-12');
  await other.locator('#new-password').fill('바꾼 비밀번호 2026-12');
  await other.locator('#confirm-password').fill('다른 비밀번호 2026-12');
  await other.locator('#change-password').click();
  await expect(other.getByRole('main').getByRole('alert')).toContainText('두 개가 다릅니다');
  await other.locator('#confirm-password').fill('바꾼 비밀번호 2026-12');
  await other.locator('#change-password').click();
  await expect(other.getByRole('main').getByRole('status')).toContainText('비밀번호를 바꿨습니다');
  await other.getByRole('button', { name: '모든 기기에서 로그아웃' }).click();
  await expect(other.getByRole('button', { name: '로그인' })).toBeVisible();

  // Disabled: the sign-in is refused with a sentence.
  await page.locator(`tr[data-user="${name}"] .toggle-user`).click();
  await expect(page.locator(`tr[data-user="${name}"]`)).toContainText('사용 중지');
  await signInWith(other, name, '바꾼 비밀번호 2026-12');
  await expect(other.getByRole('main').getByRole('alert')).toBeVisible();
  await expect(other.getByRole('button', { name: '로그인' })).toBeVisible();
});

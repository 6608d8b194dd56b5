// The analysis-request workflow as the people involved click through it, each in their own session.
import { expect, test, type Page } from '@playwright/test';
import { signIn } from './session';

async function signOut(page: Page) {
  await page.getByRole('button', { name: '로그아웃' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '로그인' })).toBeVisible();
}

test('a request goes from 분석신청 to 분석완료', async ({ page }) => {
  // The analyst files it; the form explains what is missing first.
  await signIn(page, 'analyst.incheon', '/requests');
  await page.getByRole('link', { name: '새 분석의뢰' }).click();
  await page.getByRole('button', { name: '신청' }).click();
  await expect(page.getByRole('alert')).toHaveText('제목, 분석 목적, 분석 내용을 모두 입력하세요.');
  const title = `중국산 휴대폰 부품 저가신고 ${Date.now()}`;
  await page.getByLabel('제목').fill(title);
  await page.getByLabel('분석 목적').fill('인천공항 특송 저가신고 점검');
  await page.getByLabel('분석 내용').fill('HS 8517 단가 분포와 이상 업체');
  await page.getByLabel('수입신고').check();
  await page.getByLabel('희망 완료일').fill('2026-12-31');
  await page.getByRole('button', { name: '신청' }).click();
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(title) })).toBeVisible();
  const url = page.url();
  await expect(page.getByRole('list', { name: '진행 단계' }).locator('[aria-current="step"]')).toHaveText('분석신청');
  await page.getByLabel('파일 첨부').setInputFiles({
    name: '의뢰서.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('hs6,건수\n851762,12\n'),
  });
  await expect(page.getByRole('region', { name: '첨부 파일' }).getByRole('link', { name: '의뢰서.csv' })).toBeVisible();
  await page.getByLabel('의견 남기기').fill('2020년 하반기 위주로 부탁드립니다');
  await page.getByRole('button', { name: '등록' }).click();
  await expect(page.getByText('2020년 하반기 위주로 부탁드립니다')).toBeVisible();
  await signOut(page);

  // The big-data centre finds it in its review queue, approves and assigns.
  await signIn(page, 'reviewer', '/requests');
  await page.getByRole('button', { name: '검토 대기' }).click();
  await expect(page.getByRole('button', { name: '검토 대기' })).toHaveAttribute('aria-pressed', 'true');
  await page.getByRole('link', { name: new RegExp(title) }).click();
  await page.getByLabel('업무국 담당자 아이디').fill('bureau');
  await page.getByLabel('분석 담당자 아이디').fill('analyst.busan');
  await page.getByRole('button', { name: '승인 및 배정' }).click();
  await expect(page.getByTestId('state')).toHaveText('검토/승인');
  await signOut(page);

  // The bureau confirms; the assigned analyst starts and completes with a result link.
  await signIn(page, 'bureau', '/requests');
  await page.getByRole('button', { name: '협조 대기' }).click();
  await page.getByRole('link', { name: new RegExp(title) }).click();
  await page.getByRole('button', { name: '협조 확인' }).click();
  await expect(page.getByTestId('state')).toHaveText('업무국 협조');
  await signOut(page);
  await signIn(page, 'analyst.busan', new URL(url).pathname);
  await page.getByRole('button', { name: '분석 시작' }).click();
  await expect(page.getByTestId('state')).toHaveText('분석 진행');
  await page.getByLabel('결과 링크 (예: /data-map/import_declaration)').fill('/data-map/import_declaration');
  await page.getByRole('button', { name: '분석 완료' }).click();
  await expect(page.getByTestId('state')).toHaveText('분석완료');
  await signOut(page);

  // The requester sees it done, with the result link and the whole history.
  await signIn(page, 'analyst.incheon', '/requests');
  const card = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: new RegExp(title) }) });
  await expect(card.getByRole('list', { name: '진행 단계' }).locator('li.done')).toHaveCount(5);
  await card.getByRole('link', { name: new RegExp(title) }).click();
  await expect(page.getByRole('region', { name: '분석 결과' }).getByRole('link', { name: '/data-map/import_declaration' })).toBeVisible();
  await expect(page.getByRole('region', { name: '처리 이력' }).getByRole('listitem')).toHaveCount(5);
  const download = page.waitForEvent('download');
  await page.getByRole('region', { name: '첨부 파일' }).getByRole('link', { name: '의뢰서.csv' }).click();
  expect((await download).suggestedFilename()).toBe('의뢰서.csv');
  // Nothing is left for the requester to do.
  await expect(page.getByRole('region', { name: '처리', exact: true })).toHaveCount(0);
  await expect(page.getByRole('button', { name: '철회' })).toHaveCount(0);
  await page.screenshot({ path: 'test-results/request-done.png', fullPage: true });
});

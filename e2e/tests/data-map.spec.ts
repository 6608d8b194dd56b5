// An officer finds data on the data map: the process flow, a search, a dataset and its first rows.
import { expect, test } from '@playwright/test';
import { signIn } from './session';

test('open the data map, search, open a dataset and see its first rows', async ({ page }) => {
  await signIn(page, 'reviewer', '/data-map');
  const flow = page.getByRole('region', { name: '통관 단계별 데이터 흐름' });
  for (const stage of ['입항·적하목록', '수입신고', '검사', '납부', '환급', '수출', '원산지', '기업 심사', '기준 정보', '외부 기관 정보']) {
    await expect(flow.getByRole('heading', { level: 2, name: stage })).toBeVisible();
  }
  const declarations = flow
    .getByRole('listitem')
    .filter({ has: page.getByRole('link', { name: '수입신고', exact: true }), hasNot: page.getByRole('heading') });
  await expect(declarations).toContainText(/[1-9][0-9,]* 건/);

  await page.getByLabel('데이터 검색').fill('원산지증명서');
  const results = page.getByRole('region', { name: '검색 결과' });
  await expect(results.getByRole('link', { name: 'import_declaration.co_number' })).toBeVisible();

  await page.getByLabel('데이터 검색').fill('검사 결과');
  await results.getByRole('link', { name: 'inspection', exact: true }).click();
  await expect(page).toHaveURL('/data-map/inspection');
  await expect(page.getByRole('heading', { level: 1, name: '검사 결과' })).toBeVisible();
  await expect(page.getByRole('rowheader', { name: 'additional_duty' })).toBeVisible();
  const lineage = page.getByRole('region', { name: '연계 관계' });
  await expect(lineage.getByRole('img', { name: '데이터셋 연계 관계 그래프' })).toBeVisible();
  await expect(lineage.getByRole('link', { name: 'import_declaration' })).toBeVisible();

  const preview = page.getByRole('region', { name: '처음 20행 미리보기' });
  await expect(preview.getByRole('columnheader', { name: '신고번호' })).toBeVisible();
  await expect(preview.getByRole('row')).toHaveCount(21);
  await page.screenshot({ path: 'test-results/dataset-inspection.png', fullPage: true });
});

test('a Busan analyst opens the exports and the certificates of origin of their office', async ({ page }) => {
  await signIn(page, 'analyst.busan', '/data-map/export_declaration');
  await expect(page.getByRole('heading', { level: 1, name: '수출신고' })).toBeVisible();
  await expect(page.getByRole('rowheader', { name: 'declared_origin' })).toBeVisible();
  const lineage = page.getByRole('region', { name: '연계 관계' });
  await expect(lineage.getByRole('link', { name: 'origin_certificate' }).first()).toBeVisible();
  await expect(lineage.getByRole('link', { name: 'company', exact: true }).first()).toBeVisible();
  const preview = page.getByRole('region', { name: '처음 20행 미리보기' });
  await expect(preview.getByRole('columnheader', { name: '목적국' })).toBeVisible();
  await expect(preview.getByRole('row')).toHaveCount(21);
  // Every previewed export is Busan's (office 20).
  const offices = await preview.locator('tbody tr td:nth-child(3)').allInnerTexts();
  expect(offices.every((o) => o.includes('20'))).toBe(true);
  await page.screenshot({ path: 'test-results/dataset-export.png', fullPage: true });

  await lineage.getByRole('link', { name: 'origin_certificate' }).first().click();
  await expect(page).toHaveURL('/data-map/origin_certificate');
  await expect(page.getByRole('heading', { level: 1, name: '원산지증명서' })).toBeVisible();
  await expect(page.getByRole('rowheader', { name: 'registered_issuer' })).toBeVisible();
  await expect(page.getByRole('region', { name: '처음 20행 미리보기' }).getByRole('row')).toHaveCount(21);
});

test('a dataset page in English after the switch', async ({ page }) => {
  await signIn(page, 'reviewer', '/data-map/company');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Companies' })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: 'Sensitivity' })).toBeVisible();
  await page.getByRole('link', { name: 'Back to the data map' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Declaration' })).toBeVisible();
});

test('an unknown dataset says so and what to do, with the code for support', async ({ page }) => {
  await signIn(page, 'reviewer', '/data-map/nope');
  const alert = page.getByRole('alert').first();
  await expect(alert).toContainText('없는 데이터셋입니다. 데이터 지도에서 데이터셋을 고르세요.');
  await expect(alert.locator('.error-detail')).toContainText('오류 코드: unknown_dataset');
});

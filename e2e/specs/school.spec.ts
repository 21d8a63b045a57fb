import { expect, test } from '@playwright/test';
import { screenshotPath, signInByApi } from '../fixtures/auth.ts';

test('the school portal shows the school profile and its registry counts', async ({ page }) => {
  await signInByApi(page, 'demo-school', 'school');
  const me = (await (await page.request.get('/api/auth/me')).json()) as { school: { id: string } | null };
  expect(me.school).not.toBeNull();
  const coachesRes = await page.request.get(`/api/schools/${me.school!.id}/coaches?pageSize=1`);
  const coaches = (await coachesRes.json()) as { total: number };

  await page.goto('/school');
  await expect(page.getByRole('heading', { name: '济南兴华汽车驾驶员培训学校' })).toBeVisible();
  await expect(page.getByRole('menuitem', { name: /机构概况/ })).toBeVisible();
  await expect(page.getByText('统一社会信用代码')).toBeVisible();
  const coachCount = page.locator('.ant-statistic').filter({ hasText: '教练员' });
  await expect(coachCount).toContainText(String(coaches.total));
  await page.screenshot({ path: screenshotPath('school'), fullPage: false });

  await page.getByRole('tab', { name: '教练员' }).click();
  await expect(page.getByRole('columnheader', { name: '身份证号' })).toBeVisible();
  // Identity numbers are masked in lists: wait for the rows, then no 18-character number shows.
  await expect(
    page
      .locator('.ant-table-tbody td')
      .filter({ hasText: /\*{4,}/ })
      .first(),
  ).toBeVisible();
  const cells = await page.locator('.ant-table-tbody td').allTextContents();
  expect(cells.some((text) => /^\d{17}[\dX]$/.test(text.trim()))).toBe(false);
});

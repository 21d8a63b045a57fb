import { expect, test, type Locator, type Page } from '@playwright/test';
import { screenshotPath, settled, signInByApi } from '../fixtures/auth.ts';

/** antd puts a space between the two characters of a two-character Chinese button label. */
const button = (scope: Locator | Page, label: string) =>
  scope
    .getByRole('button', { name: label, exact: true })
    .or(scope.getByRole('button', { name: label.split('').join(' '), exact: true }));

test('the province keeps the working-day calendar: 2026 as entered, a 2027 day added and removed', async ({
  page,
}) => {
  await signInByApi(page, 'demo-province', 'regulator');
  // From November 2026 deadlines can run into 2027, which has nothing entered: the home page reminds the
  // province of it, and so does the calendar page, on top (from November 2027 the warning names 2028 too).
  const unentered2027 = page.getByText(
    /^尚未录入 [^年]*2027[^年]* 年的节假日安排，而投诉和工单的期限已可能落入其中/,
  );
  const reaches2027 = Date.now() >= Date.parse('2026-11-01T00:00:00+08:00');
  await page.goto('/regulator');
  await expect(page.getByRole('heading', { name: '辖区概览' })).toBeVisible();
  if (reaches2027) {
    await expect(unentered2027).toBeVisible();
    await page.getByRole('button', { name: '前往工作日历' }).click();
  } else {
    await expect(unentered2027).toHaveCount(0);
    await page.goto('/regulator/calendar');
  }
  await expect(page.getByRole('heading', { name: '工作日历' })).toBeVisible();
  await expect(unentered2027).toHaveCount(reaches2027 ? 1 : 0);

  await page.getByLabel('年份').click();
  await page.locator('.ant-select-item-option').filter({ hasText: '2026 年' }).click();
  await expect(page.getByText('2026 年：19 个节假日（工作日放假），6 个调休上班日')).toBeVisible();
  const tenth = page.locator('.ant-table-row').filter({ hasText: '2026-10-10' });
  await expect(tenth).toContainText('调休上班');
  await expect(tenth).toContainText('国庆节');
  await settled(page);
  await page.screenshot({ path: screenshotPath('working-day-calendar'), fullPage: true });

  await page.getByLabel('年份').click();
  await page.locator('.ant-select-item-option').filter({ hasText: '2027 年' }).click();
  await expect(page.getByText('尚未录入 2027 年的节假日安排，该年的期限只按周一至周五计算。')).toBeVisible();

  await page.getByRole('button', { name: '登记日期' }).click();
  const dialog = page.getByRole('dialog');
  // A Saturday entered as a day off is refused before it is sent.
  await dialog.getByLabel('日期').fill('2027-01-02');
  await dialog.getByLabel('日期').press('Enter');
  await dialog.getByLabel('节日名称').fill('元旦');
  await button(dialog, '保存').click();
  await expect(dialog.getByText('周六、周日本来就不上班')).toBeVisible();

  await dialog.getByLabel('日期').clear();
  await dialog.getByLabel('日期').fill('2027-01-01');
  await dialog.getByLabel('日期').press('Enter');
  await button(dialog, '保存').click();
  await expect(page.getByText('已保存 2027-01-01')).toBeVisible();
  const newYear = page.locator('.ant-table-row').filter({ hasText: '2027-01-01' });
  await expect(newYear).toContainText('放假');
  await expect(newYear).toContainText('元旦');
  await expect(unentered2027).toHaveCount(0);

  await button(newYear, '删除').click();
  await button(page.locator('.ant-popconfirm'), '删除').click();
  await expect(page.getByText('已删除 2027-01-01')).toBeVisible();
  await expect(page.getByText('尚未录入 2027 年的节假日安排，该年的期限只按周一至周五计算。')).toBeVisible();
  await expect(unentered2027).toHaveCount(reaches2027 ? 1 : 0);
});

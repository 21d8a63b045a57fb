import { expect, test } from '@playwright/test';
import { screenshotPath } from '../fixtures/auth.ts';

test('the public portal lists the demo schools with the total the API reports', async ({ page, request }) => {
  const res = await request.get('/api/public/schools?pageSize=1');
  expect(res.ok()).toBe(true);
  const { total, items } = (await res.json()) as { total: number; items: { name: string }[] };
  expect(total).toBeGreaterThanOrEqual(90);

  await page.goto('/');
  await expect(page.getByRole('heading', { name: '找驾校' })).toBeVisible();
  await expect(page.getByText(`共找到 ${total} 所驾校`)).toBeVisible();
  await expect(page.getByText(items[0]!.name).first()).toBeVisible();
  await expect(page).toHaveTitle(/驾培/);
  await page.screenshot({ path: screenshotPath('public'), fullPage: false });
});

test('filtering by name narrows the list', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByText(/共找到 \d+ 所驾校/)).toBeVisible();
  const before = await page.getByText(/共找到 \d+ 所驾校/).textContent();
  await page.getByPlaceholder('搜索驾校名称').fill('兴华');
  await page.getByPlaceholder('搜索驾校名称').press('Enter');
  await expect(page.getByText(/共找到 \d+ 所驾校/)).not.toHaveText(before!);
  await expect(page.getByRole('heading', { name: /兴华/ }).first()).toBeVisible();
});

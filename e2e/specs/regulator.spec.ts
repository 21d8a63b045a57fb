import { expect, test } from '@playwright/test';
import { screenshotPath, signInByApi } from '../fixtures/auth.ts';

type Overview = {
  counties: { code: string; name: string; schools: number }[];
  totals: { schools: number; coaches: number };
};

test('the city regulator sees figures for every county of the city', async ({ page }) => {
  await signInByApi(page, 'demo-city', 'regulator');
  const res = await page.request.get('/api/regulator/overview');
  expect(res.ok()).toBe(true);
  const overview = (await res.json()) as Overview;
  expect(overview.counties.length).toBeGreaterThanOrEqual(5);

  await page.goto('/regulator');
  await expect(page.getByRole('heading', { name: '辖区概览' })).toBeVisible();
  for (const county of overview.counties) {
    const row = page.getByRole('row').filter({ hasText: county.name });
    await expect(row.first()).toContainText(String(county.schools));
  }
  const totals = page.getByRole('row').filter({ hasText: '合计' });
  await expect(totals).toContainText(overview.totals.coaches.toLocaleString('zh-CN'));
  await page.screenshot({ path: screenshotPath('regulator'), fullPage: false });
});

test('a county regulator sees only its own county', async ({ page }) => {
  await signInByApi(page, 'demo-county', 'regulator');
  const overview = (await (await page.request.get('/api/regulator/overview')).json()) as Overview;
  expect(overview.counties).toHaveLength(1);
  await page.goto('/regulator');
  await expect(page.getByRole('heading', { name: '辖区概览' })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: overview.counties[0]!.name }).first()).toBeVisible();
});

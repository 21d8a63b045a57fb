import { expect, test } from '@playwright/test';
import { signInByApi } from '../fixtures/auth.ts';

test('the city queues a 重新评分 of the shown days and sees the run finish; a county has no such button', async ({
  browser,
}) => {
  const city = await browser.newPage();
  await signInByApi(city, 'demo-city', 'regulator');
  await city.goto('/regulator/anomalies');
  const panel = city.getByTestId('anomaly-rescore');
  await expect(panel).toBeVisible();
  await panel.getByRole('button', { name: '重新评分' }).click();
  await expect(city.getByText(/已提交重新评分：/)).toBeVisible();

  // The request only queued the run; the jobs loop runs it and the list follows its status.
  const row = panel.locator('.anomaly-rescore-runs .ant-table-row').first();
  await expect(row).toContainText('370100');
  await expect(row).toContainText('已完成', { timeout: 45_000 });
  await expect(row).toContainText(/高风险 \d+ 个/);

  const runs = (await (await city.request.get('/api/regulator/anomalies/rescore')).json()) as {
    items: { id: string; status: string }[];
  };
  expect(runs.items[0]!.status).toBe('done');

  const county = await browser.newPage();
  await signInByApi(county, 'demo-county', 'regulator');
  await county.goto('/regulator/anomalies');
  await expect(county.getByRole('heading', { name: '异常会话' })).toBeVisible();
  await expect(county.getByTestId('anomaly-rescore')).toHaveCount(0);
  // A county does not see the city's runs either.
  const countyRuns = (await (await county.request.get('/api/regulator/anomalies/rescore')).json()) as {
    items: unknown[];
  };
  expect(countyRuns.items).toEqual([]);
});

import { expect, test, type Page } from '@playwright/test';
import { screenshotPath, signInByApi } from '../fixtures/auth.ts';

async function settled(page: Page) {
  await page.waitForLoadState('networkidle');
  await page.waitForFunction('document.getAnimations().length === 0');
}

const day = (offsetDays: number) =>
  new Date(Date.now() + offsetDays * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);

test('异常会话: the city sees scored sessions worded from their evidence and opens one with its teaching log', async ({
  page,
}) => {
  await signInByApi(page, 'demo-city', 'regulator');
  // The jobs loop scores the seeded teaching logs within seconds of the server's start.
  await expect
    .poll(
      async () => {
        const res = await page.request.get(
          `/api/regulator/anomalies/sessions?from=${day(-6)}&to=${day(0)}&level=high,medium`,
        );
        return ((await res.json()) as { total: number }).total;
      },
      { timeout: 60_000 },
    )
    .toBeGreaterThan(0);

  await page.goto('/regulator/anomalies');
  await expect(page.getByRole('heading', { name: '异常会话' })).toBeVisible();
  const row = page.locator('.anomaly-sessions .ant-table-row').first();
  await expect(row).toContainText(/高风险|中风险/);
  // Each finding reads as "<detector>：<sentence with the numbers>".
  await expect(row).toContainText('：');

  await row.getByRole('button', { name: /查\s?看/ }).click();
  const drawer = page.getByTestId('anomaly-session-drawer');
  await expect(drawer).toContainText('评分构成');
  await expect(drawer.locator('.anomaly-findings')).toContainText('时间：');
  await expect(drawer).toContainText('教学日志');
  await settled(page);
  await page.screenshot({ path: screenshotPath('regulator-anomalies.png'), fullPage: true });
});

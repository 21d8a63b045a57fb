import { expect, test, type Page } from '@playwright/test';
import { screenshotPath, settled, signInByApi } from '../fixtures/auth.ts';

type QueueItem = { id: string; teachingLogId: string; creditedMinutes: number; totalMinutes: number };

/**
 * A queued review whose session credits minutes, as the queue's first page lists it. The sampling job
 * runs every 10 s on the freshly seeded demo and keeps each city-month at or above its ratio, so the
 * demo history always yields some; the poll covers the job's first round.
 */
async function queuedReviewWithCredit(page: Page): Promise<QueueItem> {
  let found: QueueItem | undefined;
  await expect
    .poll(
      async () => {
        const res = await page.request.get('/api/regulator/reviews?status=queued&page=1&pageSize=10');
        const items = ((await res.json()) as { items: QueueItem[] }).items;
        found = items.find((i) => i.creditedMinutes > 0);
        return found !== undefined;
      },
      { timeout: 45_000, intervals: [1_000, 2_000, 5_000] },
    )
    .toBe(true);
  return found!;
}

test('人工审核: the city opens the queue and a workspace, decides a session invalid, and its credited minutes drop', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 1000 });
  await signInByApi(page, 'demo-city', 'regulator');
  const item = await queuedReviewWithCredit(page);

  await page.goto('/regulator/reviews');
  await expect(page.getByRole('heading', { name: '人工审核' })).toBeVisible();
  await expect(page.getByRole('menuitem', { name: '人工审核' })).toBeVisible();
  const row = page.locator(`tr[data-row-key="${item.id}"]`);
  await expect(row).toBeVisible();
  await expect(row.getByText(`${item.creditedMinutes}/${item.totalMinutes} 分钟`)).toBeVisible();
  await settled(page);
  await page.screenshot({ path: screenshotPath('review-queue'), fullPage: false });

  await row.getByRole('button', { name: '审核' }).click();
  await expect(page.getByRole('heading', { name: '审核工作台' })).toBeVisible();
  await expect(page.getByText('报名登记照片')).toBeVisible();
  await expect(page.getByText('轨迹回放')).toBeVisible();
  await expect(page.getByTestId('review-track-map')).toBeVisible();
  // The map replays the terminal's fixes, or the minute records' positions.
  expect(Number(await page.getByTestId('review-track-map').getAttribute('data-points'))).toBeGreaterThan(0);
  await expect(page.locator('[data-testid="review-speed-chart"] svg')).toBeVisible();
  await expect(page.getByText('行驶记录（脉冲）速度').first()).toBeVisible();
  await expect(page.getByTestId('review-credited')).toContainText(
    `${item.creditedMinutes}/${item.totalMinutes} 分钟`,
  );
  await settled(page);
  await page.screenshot({ path: screenshotPath('review-workspace'), fullPage: true });

  // Invalid without a reason naming the fault is refused in the form (and by the server).
  const form = page.getByTestId('review-decision-form');
  await form.getByText('无效', { exact: true }).click();
  await form.getByRole('button', { name: '提交审核结论' }).click();
  await expect(page.getByText('部分有效或无效须至少选择一项问题原因')).toBeVisible();

  await form.getByText('照片与本人不符').click();
  await form.getByLabel('审核意见').fill('签到照片与报名照片不是同一人（浏览器测试）');
  await form.getByRole('button', { name: '提交审核结论' }).click();
  await expect(page.getByText(`已提交，有效学时由 ${item.creditedMinutes} 分钟变为 0 分钟`)).toBeVisible();
  await expect(page.getByTestId('review-credited')).toContainText(`0/${item.totalMinutes} 分钟`);
  await expect(page.getByText('审核记录')).toBeVisible();

  // The engine's own view of the log agrees: the minutes no longer count.
  const log = (await (
    await page.request.get(`/api/regulator/training-logs/${item.teachingLogId}`)
  ).json()) as {
    creditedMinutes: number;
  };
  expect(log.creditedMinutes).toBe(0);

  // Deciding again needs a reopen with a reason.
  await expect(page.getByRole('button', { name: '重新打开' })).toBeDisabled();
  await page.getByLabel('重新审核原因').fill('驾校提交了补充材料');
  await expect(page.getByRole('button', { name: '重新打开' })).toBeEnabled();
});

test('人工审核: the city sets its sampling ratio; the plan default and this month’s counts are shown', async ({
  page,
}) => {
  await signInByApi(page, 'demo-city', 'regulator');
  await page.goto('/regulator/reviews');
  await page.getByRole('tab', { name: '抽检比例' }).click();
  const city = page.getByTestId('sampling-370100');
  await expect(city.getByText('济南市')).toBeVisible();
  await expect(city.getByText('整治方案默认比例', { exact: true })).toBeVisible();
  await expect(city.getByText('本市未单独设置，按整治方案默认比例抽检。')).toBeVisible();

  // Below the plan's 20 % the form warns before saving.
  const percent = city.getByLabel('抽检比例');
  await percent.fill('15');
  await expect(city.getByText('低于整治方案要求的 20%')).toBeVisible();
  await percent.fill('30');
  await city.getByLabel('调整说明').fill('专项整治期间提高抽检比例');
  await city.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText('抽检比例已保存')).toBeVisible();
  await expect(city.getByText('本市已设置抽检比例，新审结的教学日志按此比例抽检。')).toBeVisible();
  await expect(city.getByText(/设为 30%（专项整治期间提高抽检比例）/)).toBeVisible();
  const saved = (await (await page.request.get('/api/regulator/review-sampling')).json()) as {
    items: { cityCode: string; percent: number }[];
  };
  expect(saved.items.find((c) => c.cityCode === '370100')?.percent).toBe(30);
  // The focused number input keeps an animation running: wait for the toast to go instead.
  await expect(page.getByText('抽检比例已保存')).toBeHidden();
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: screenshotPath('review-sampling'), fullPage: false });
});

test('人工审核: a reviewer declares a conflict of interest and sees it listed as recused', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await signInByApi(page, 'demo-county', 'regulator');
  await page.goto('/regulator/reviews');
  await page.getByRole('tab', { name: '回避声明' }).click();
  await expect(page.getByText('申报回避', { exact: true })).toBeVisible();

  await page.getByLabel('培训机构').click();
  // Not the demo school: its 跑马机 car feeds the supervision chain spec, whose reviewer is this account,
  // and a tie hides the 审核 button on every one of that school's sessions.
  const option = page.locator('.ant-select-item-option').filter({ hasNotText: '兴华' }).first();
  const schoolName = (await option.textContent()) ?? '';
  await option.click();
  await page.getByLabel('关系').click();
  await page.locator('.ant-select-item-option').filter({ hasText: '曾在该校任职' }).click();
  await page.getByLabel('说明').fill('2019–2022 年在该校任教练员');
  await page.getByRole('button', { name: '申报' }).click();
  await expect(page.getByText('已申报回避')).toBeVisible();

  const row = page.locator('.ant-table-row').filter({ hasText: schoolName });
  await expect(row.getByText('回避中')).toBeVisible();
  await expect(row.getByText('曾在该校任职')).toBeVisible();
  // A county reviewer cannot end their own tie: only the city can, with a reason.
  await expect(row.getByRole('button', { name: '解除' })).toHaveCount(0);
  await expect(page.getByText('已申报回避')).toBeHidden();
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: screenshotPath('review-ties'), fullPage: false });
});

import { expect, test, type Page } from '@playwright/test';
import { screenshotPath, signInByApi } from '../fixtures/auth.ts';

type LedgerItem = { id: string; verdict: string; appealStatus: string };
type Detail = { minutes: { valid: boolean; reasons: { code: string; text: string }[] }[] };

/** The demo history's out-of-fence session of demo-trainee, found through the trainee's own API. */
async function outOfFenceSession(page: Page) {
  const ledger = (await (await page.request.get('/api/me/training-logs')).json()) as { items: LedgerItem[] };
  for (const item of ledger.items) {
    const detail = (await (await page.request.get(`/api/me/training-logs/${item.id}`)).json()) as Detail;
    const voided = detail.minutes.find((m) => m.reasons.some((r) => r.code === 'outside_teaching_area'));
    if (voided) {
      return { item, reasonText: voided.reasons.find((r) => r.code === 'outside_teaching_area')!.text };
    }
  }
  throw new Error('the demo history has no out-of-fence session for demo-trainee');
}

test('must-show 2: an out-of-fence session → the trainee sees its verdict and a voided minute’s reason → appeals → the school sees the appeal', async ({
  page,
}) => {
  await signInByApi(page, 'demo-trainee', 'public');
  const { item, reasonText } = await outOfFenceSession(page);
  expect(item.verdict).not.toBe('valid');

  await page.goto('/hours');
  await expect(page.getByRole('heading', { name: '我的学时' })).toBeVisible();
  const card = page.locator(`[data-log-id="${item.id}"]`);
  await expect(card).toBeVisible();
  await expect(card.getByText(item.verdict === 'invalid' ? '整体无效' : '部分有效')).toBeVisible();
  await expect(card.getByText('未申诉')).toBeVisible();
  await page.screenshot({ path: screenshotPath('training-ledger'), fullPage: false });

  await card.getByRole('button', { name: '查看详情' }).click();
  const drawer = page.getByRole('dialog', { name: '培训详情' });
  await expect(drawer.getByText(reasonText).first()).toBeVisible();
  await expect(drawer.getByText('无效').first()).toBeVisible();
  await drawer.getByText(reasonText).first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath('training-ledger-detail'), fullPage: false });
  await drawer.getByRole('button', { name: '关闭' }).click();

  const appealReason = `那天一直在训练场内练倒车入库，没有离开场地 ${Date.now()}`;
  await card.getByRole('button', { name: '申诉' }).click();
  await page.getByLabel('申诉理由').fill(appealReason);
  await page.getByRole('button', { name: '提交申诉' }).click();
  await expect(card.getByText('待处理')).toBeVisible();

  await signInByApi(page, 'demo-school', 'school');
  await page.goto('/school/appeals');
  await expect(page.getByRole('heading', { name: '学时申诉' })).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: appealReason });
  await expect(row).toBeVisible();
  await expect(row.getByText('待处理')).toBeVisible();
  await page.screenshot({ path: screenshotPath('school-appeals'), fullPage: false });

  // The school's first-review page with the same session's minutes open.
  await page.goto('/school/training-logs');
  await expect(page.getByRole('heading', { name: '教学日志' })).toBeVisible();
  await page
    .getByRole('row')
    .filter({ hasText: '待处理' })
    .first()
    .getByRole('button', { name: '初审' })
    .click();
  await expect(
    page.getByRole('dialog', { name: '教学日志初审' }).getByText(reasonText).first(),
  ).toBeVisible();
  await page.screenshot({ path: screenshotPath('school-training-review'), fullPage: false });
});

test('a school submits a complete part and the county regulator sees it in the 复审 queue', async ({
  page,
}) => {
  await signInByApi(page, 'demo-school', 'school');
  await page.goto('/school/stage');
  await expect(page.getByRole('heading', { name: '阶段报审' })).toBeVisible();
  const submit = page.getByRole('button', { name: '报审' }).first();
  await expect(submit).toBeVisible();
  await submit.click();
  const submissions = page.locator('.ant-card').filter({ hasText: '报审记录' });
  await expect(submissions.getByText('已递交审核').first()).toBeVisible();

  await signInByApi(page, 'demo-county', 'regulator');
  await page.goto('/regulator/stage-review');
  await expect(page.getByRole('heading', { name: '阶段复审' })).toBeVisible();
  await page.getByRole('button', { name: '审核' }).first().click();
  const review = page.getByRole('dialog', { name: '阶段报审复审' });
  await expect(review.getByText('签名有效，记录未被改动')).toBeVisible();
  await expect(review.getByRole('button', { name: '审核通过' })).toBeVisible();
  // Only so the screenshot is not caught halfway through the drawer's slide-in; nothing is asserted on time.
  await page.waitForTimeout(500);
  await page.screenshot({ path: screenshotPath('regulator-stage-review'), fullPage: false });

  await review.getByRole('button', { name: '审核通过' }).click();
  await expect(page.getByText('已审核通过，学员取得该部分考试资格')).toBeVisible();
  await page.getByRole('radiogroup').getByText('审核通过', { exact: true }).click();
  await expect(page.getByRole('row').filter({ hasText: '审核通过' }).first()).toBeVisible();
});

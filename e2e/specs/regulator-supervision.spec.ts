import { expect, test } from '@playwright/test';
import { screenshotPath, settled, signInByApi } from '../fixtures/auth.ts';

test('the city regulator sees escrow by school of the region', async ({ page }) => {
  await signInByApi(page, 'demo-city', 'regulator');
  const overview = (await (await page.request.get('/api/escrow/regulator/overview')).json()) as {
    schools: { schoolName: string }[];
  };
  await page.goto('/regulator/escrow');
  await expect(page.getByRole('heading', { name: '资金监管' })).toBeVisible();
  await expect(page.getByText('各驾培机构监管资金')).toBeVisible();
  if (overview.schools.length > 0) {
    await expect(
      page.locator('.ant-table-row').filter({ hasText: overview.schools[0]!.schoolName }).first(),
    ).toBeVisible();
  } else {
    await expect(page.getByText('辖区内还没有监管资金')).toBeVisible();
  }
  await expect(page.getByText('每日对账')).toBeVisible();
  await settled(page);
  await page.screenshot({ path: screenshotPath('regulator-escrow'), fullPage: false });
});

test('complaint supervision shows the counts by status and the list', async ({ page }) => {
  await signInByApi(page, 'demo-city', 'regulator');
  const stats = (await (await page.request.get('/api/regulator/complaints/stats')).json()) as {
    byStatus: Record<string, number>;
  };
  // The demo seeds complaints in every status for a few schools of the city.
  expect(Object.values(stats.byStatus).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);

  await page.goto('/regulator/complaints');
  await expect(page.getByRole('heading', { name: '投诉监管' })).toBeVisible();
  const escalated = page
    .getByTestId('complaint-stats')
    .locator('.ant-statistic')
    .filter({ hasText: '已转监管部门' });
  await expect(escalated).toContainText(String(stats.byStatus.escalated));
  await expect(page.locator('.ant-table-row').first()).toBeVisible();
  await settled(page);
  await page.screenshot({ path: screenshotPath('regulator-complaints'), fullPage: false });

  await page
    .locator('.ant-table-row')
    .filter({ hasText: '已转监管部门' })
    .first()
    .getByRole('button', { name: '查看' })
    .click();
  await expect(page.getByRole('dialog').getByText('办理结果')).toBeVisible();
  await settled(page);
  await page.screenshot({ path: screenshotPath('regulator-complaint-detail'), fullPage: false });
});

test('contract templates list their versions and a new draft starts from the latest', async ({ page }) => {
  await signInByApi(page, 'demo-city', 'regulator');
  let list = (await (await page.request.get('/api/regulator/contract-templates')).json()) as {
    templates: { version: number; title: string }[];
    placeholders: { key: string; label: string }[];
  };
  if (list.templates.length === 0) {
    // The demo seeds no template: draft one with every placeholder, as the city would.
    const draft = await page.request.post('/api/regulator/contract-templates', {
      data: {
        title: '济南市机动车驾驶培训服务合同（示范文本）',
        body: list.placeholders.map((p) => `${p.label}：{{${p.key}}}`).join('\n'),
        releasePlan: { kind: 'hours', upfrontPercent: 20 },
        refundRule: '退学时退还未培训部分的学费。',
        disputeClause: '双方协商解决。',
        perHourFen: 15000,
        idempotencyKey: `e2e-template-${Date.now()}`,
      },
    });
    expect(draft.ok(), await draft.text()).toBe(true);
    list = (await (await page.request.get('/api/regulator/contract-templates')).json()) as typeof list;
  }
  expect(list.templates.length).toBeGreaterThan(0);
  const latest = list.templates.reduce((a, b) => (b.version > a.version ? b : a));

  await page.goto('/regulator/contract-templates');
  await expect(page.getByRole('heading', { name: '合同示范文本' })).toBeVisible();
  await expect(page.locator('.ant-table-row').filter({ hasText: `第 ${latest.version} 版` })).toBeVisible();
  await settled(page);
  await page.screenshot({ path: screenshotPath('regulator-contract-templates'), fullPage: false });

  await page.getByRole('button', { name: '新建版本' }).click();
  const drawer = page.getByRole('dialog', { name: '新建合同示范文本版本' });
  await expect(drawer.getByLabel('标题')).toHaveValue(latest.title);
  await expect(drawer.getByText(/合计 \d+%/).or(drawer.getByText('报名时先行拨付比例'))).toBeVisible();
  await settled(page);
  await page.screenshot({ path: screenshotPath('regulator-contract-template-edit'), fullPage: false });
});

test('guide editing previews the page as the server renders it', async ({ page }) => {
  await signInByApi(page, 'demo-city', 'regulator');
  const slug = `e2e-guide-${Date.now()}`;
  await page.goto('/regulator/content');
  await expect(page.getByRole('heading', { name: '指南与问答' })).toBeVisible();
  await settled(page);
  await page.screenshot({ path: screenshotPath('regulator-content'), fullPage: false });

  await page.getByRole('button', { name: '新建页面' }).click();
  const drawer = page.getByRole('dialog');
  await drawer.getByLabel('页面地址').fill(slug);
  await drawer.getByLabel('标题').fill('报名须知');
  await drawer.getByRole('switch').click();
  // A script tag must come back escaped, never as a script.
  await drawer
    .getByLabel('正文（Markdown）')
    .fill('## 报名材料\n\n- 身份证原件\n- **一寸照片**\n\n<script>alert(1)</script>');
  await drawer.getByRole('button', { name: '保存并预览' }).click();
  const preview = drawer.getByTestId('content-preview');
  await expect(preview.getByRole('heading', { name: '报名材料' })).toBeVisible();
  await expect(preview.locator('strong')).toHaveText('一寸照片');
  await expect(preview.locator('script')).toHaveCount(0);
  await settled(page);
  await page.screenshot({ path: screenshotPath('regulator-content-preview'), fullPage: false });
});

test('evaluation moderation opens on the held evaluations', async ({ page }) => {
  await signInByApi(page, 'demo-city', 'regulator');
  await page.goto('/regulator/moderation');
  await expect(page.getByRole('heading', { name: '评价审核' })).toBeVisible();
  await expect(page.locator('.ant-segmented-item-selected')).toHaveText('待审核');
  await settled(page);
  await page.screenshot({ path: screenshotPath('regulator-moderation'), fullPage: false });
});

import { expect, test, type Page } from '@playwright/test';
import { screenshotPath, settled, signInByApi } from '../fixtures/auth.ts';

type Figures = Record<string, number | null>;
type Report = {
  month: string;
  region: { code: string; name: string };
  rows: { regionCode: string; figures: Figures }[];
};

const columns = [
  'existingSchools',
  'checkedSchools',
  'rectificationSchools',
  'interviewedAuthorities',
  'interviewedSchools',
  'enforcementCounties',
  'penalisedSchools',
  'penalisedCoaches',
  'teachingLogs',
  'reviewedLogs',
  'workOrdersPushed',
  'workOrderDisposalRate',
  'keySupervisionSchools',
  'keySupervisionCoaches',
];

/** What the page prints for a figure (zh-CN number formats). */
function shown(key: string, value: number | null): string {
  if (value === null) return '—';
  if (key === 'workOrderDisposalRate') {
    return value.toLocaleString('zh-CN', {
      style: 'percent',
      minimumFractionDigits: 1,
      maximumFractionDigits: 1,
    });
  }
  return value.toLocaleString('zh-CN');
}

/** The figures the page shows for a month are the API's, cell by cell. */
async function expectFiguresOf(page: Page, month: string): Promise<Figures> {
  const report = (await (
    await page.request.get(`/api/regulator/monthly-report?month=${month}`)
  ).json()) as Report;
  expect(report.region.code).toBe('370100');
  const figures = report.rows[0]!.figures;
  for (const key of columns) {
    await expect(page.getByTestId(`figure-370100-${key}`), `${month} ${key}`).toHaveText(
      shown(key, figures[key]!),
    );
  }
  return figures;
}

test('the city reads the month’s report, drills into a figure, exports it and submits; the province sees it', async ({
  page,
  browser,
}) => {
  await signInByApi(page, 'demo-city', 'regulator');
  await page.goto('/regulator/monthly-report');
  await expect(page.getByRole('heading', { name: '月报', exact: true }).first()).toBeVisible();
  await expect(page.getByRole('heading', { name: '全省机动车驾驶员培训专项整治月报表' })).toBeVisible();
  const table = page.getByTestId('monthly-report-table');
  for (const group of ['资质核查', '分级约谈', '集中执法', '随机抽查', '重点监管']) {
    await expect(table.getByRole('columnheader', { name: group, exact: true })).toBeVisible();
  }

  // The page opens on the month before this one (China time): its figures are the API's, and the city
  // submits it. The demo schools were registered when the demo was seeded, so that month counts no
  // existing school; the demo's supervision actions and key supervision fill its first and last columns.
  const china = new Date(Date.now() + 8 * 3600_000);
  const thisMonth = china.toISOString().slice(0, 7);
  const lastMonth =
    china.getUTCMonth() === 0
      ? `${china.getUTCFullYear() - 1}-12`
      : `${china.getUTCFullYear()}-${String(china.getUTCMonth()).padStart(2, '0')}`;
  await expectFiguresOf(page, lastMonth);
  await page.getByTestId('submit-report').click();
  await page.locator('#confirm-submit').click();
  const history = page.getByTestId('submission-history');
  await expect(history).toContainText('第1版');
  await expect(page.getByTestId('submit-report')).toHaveText(/重新报送/);

  // The running month: figures again, then a figure opens the records behind it, as many as it says.
  const monthInput = page.getByPlaceholder('请选择月份');
  await monthInput.click();
  await monthInput.fill(thisMonth);
  await monthInput.press('Enter');
  const figures = await expectFiguresOf(page, thisMonth);
  expect(figures.existingSchools).toBeGreaterThan(0);
  await page.getByTestId('figure-370100-existingSchools').click();
  const drawer = page.getByRole('dialog', { name: /现有驾培机构/ });
  await expect(drawer).toContainText(`共 ${figures.existingSchools} 条`);
  await expect(drawer.locator('.ant-table-row')).toHaveCount(Math.min(20, figures.existingSchools!));
  await page.locator('.ant-drawer-close').click();
  await expect(drawer).toBeHidden();

  // The exports download with the form's Chinese name.
  for (const [button, extension] of [
    ['export-xlsx', 'xlsx'],
    ['export-pdf', 'pdf'],
  ] as const) {
    const download = page.waitForEvent('download');
    await page.getByTestId(button).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(
      `全省机动车驾驶员培训专项整治月报表_济南市_${thisMonth}.${extension}`,
    );
  }
  // A running month cannot be submitted yet.
  await expect(page.getByTestId('submit-report')).toBeDisabled();
  await settled(page);
  await page.screenshot({ path: screenshotPath('monthly-report'), fullPage: true });

  // The province sees 济南市 submitted; every other city of the province (if any) as not submitted.
  const province = await browser.newContext({
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    baseURL: new URL(page.url()).origin,
  });
  const provincePage = await province.newPage();
  await signInByApi(provincePage, 'demo-province', 'regulator');
  await provincePage.goto('/regulator/monthly-report');
  const board = provincePage.getByTestId('submission-board');
  const jinan = board.locator('.ant-table-row').filter({ hasText: '济南市' });
  await expect(jinan).toContainText('按时报送');
  await expect(jinan).toContainText('第1版');
  await expect(provincePage.getByTestId('figure-total-teachingLogs')).toBeVisible();
  await settled(provincePage);
  await provincePage.screenshot({ path: screenshotPath('monthly-report-province'), fullPage: true });
  await province.close();
});

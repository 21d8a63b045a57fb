import { expect, test } from '@playwright/test';
import { screenshotPath, settled, signInByApi } from '../fixtures/auth.ts';

test('the city lists a school as 停止招生, publishes the month, and the public notice shows it', async ({
  page,
  browser,
}) => {
  await signInByApi(page, 'demo-city', 'regulator');
  const schools = (await (await page.request.get('/api/schools?page=1&pageSize=5')).json()) as {
    items: { id: string; name: string }[];
  };
  const school = schools.items[0]!;

  await page.goto('/regulator/key-supervision');
  await expect(page.getByRole('heading', { name: '重点监管' })).toBeVisible();
  await page.getByRole('button', { name: '列入重点监管' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('输入名称搜索驾培机构').fill(school.name.slice(0, 4));
  await page.locator('.ant-select-item-option').filter({ hasText: school.name }).first().click();
  await dialog.getByLabel('处理措施').click();
  await page.locator('.ant-select-item-option').filter({ hasText: '停止招生' }).click();
  await dialog.getByLabel('列入原因').fill('教学日志抽查发现学时造假，情节严重');
  await dialog
    .getByRole('button', { name: '列 入' })
    .or(dialog.getByRole('button', { name: '列入' }))
    .click();
  await expect(page.getByText('已列入重点监管名单')).toBeVisible();

  const row = page.locator('.ant-table-row').filter({ hasText: school.name }).first();
  await expect(row).toContainText('停止招生');
  await expect(row).toContainText('监管中');
  await expect(row).toContainText('至复查移出');

  // The public search flag and the school's own refusal of new enrolments follow at once.
  const search = (await (
    await page.request.get(`/api/public/schools?q=${encodeURIComponent(school.name)}`)
  ).json()) as { items: { id: string; keySupervision: boolean }[] };
  expect(search.items.find((s) => s.id === school.id)?.keySupervision).toBe(true);

  // A coach of another school, suspended through the API: the notice names coaches masked.
  const other = schools.items[1]!;
  const coaches = (await (
    await page.request.get(`/api/schools/${other.id}/coaches?page=1&pageSize=1`)
  ).json()) as {
    items: { id: string; name: string }[];
  };
  const coach = coaches.items[0]!;
  const listedCoach = await page.request.post('/api/regulator/key-supervisions', {
    data: { subject: 'coach', coachId: coach.id, reason: '私自遮挡车载摄像头', sanction: 'suspended' },
  });
  expect(listedCoach.status()).toBe(200);
  await page.reload();

  // This month is not public before the city publishes it (the demo publishes last month's).
  const thisMonth = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
  const anonymous = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const before = await anonymous.request.get(
    new URL('/api/public/key-supervision-notices', page.url()).toString(),
  );
  const notices = ((await before.json()) as { items: { cityCode: string; month: string }[] }).items;
  expect(notices.filter((n) => n.cityCode === '370100' && n.month === thisMonth)).toEqual([]);

  await page.getByRole('button', { name: '发布本月通报' }).click();
  await expect(page.getByText(/通报已发布，共 \d+ 条/)).toBeVisible();
  await expect(page.locator('.ant-table-row').filter({ hasText: '济南市' }).first()).toBeVisible();
  await settled(page);
  await page.screenshot({ path: screenshotPath('key-supervision'), fullPage: false });

  const publicPage = await anonymous.newPage();
  await publicPage.goto(new URL('/supervision-notices', page.url()).toString());
  await expect(publicPage.getByRole('heading', { name: '重点监管通报' })).toBeVisible();
  const published = publicPage.locator('.ant-table-row').filter({ hasText: school.name }).first();
  await expect(published).toContainText('停止招生');
  await expect(published).toContainText('教学日志抽查发现学时造假');
  const coachRow = publicPage.locator('.ant-table-row').filter({ hasText: '停止执教' }).first();
  await expect(coachRow).toContainText(`${[...coach.name][0]}*`);
  await expect(coachRow).not.toContainText(coach.name);
  await settled(publicPage);
  await publicPage.screenshot({ path: screenshotPath('public-notice'), fullPage: false });
  await anonymous.close();
});

test('a county’s centralized enforcement is recorded and listed among the supervision actions', async ({
  page,
}) => {
  await signInByApi(page, 'demo-city', 'regulator');
  await page.goto('/regulator/supervision-actions');
  await expect(page.getByRole('heading', { name: '监管行动' })).toBeVisible();
  await page.getByLabel('类型').click();
  await page.locator('.ant-select-item-option').filter({ hasText: '集中执法' }).click();
  const regions = (await (await page.request.get('/api/public/regions')).json()) as {
    items: { code: string; name: string; level: string }[];
  };
  const countyName = regions.items.find((r) => r.level === 'county' && r.code.startsWith('3701'))!.name;
  await page.getByLabel('区县').click();
  await page.locator('.ant-select-item-option').filter({ hasText: countyName }).click();
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  await page.getByLabel('日期').fill(today);
  await page.getByLabel('内容').fill('召集辖区全部驾培机构，随机抽查教学日志');
  await page
    .getByRole('button', { name: '登 记' })
    .or(page.getByRole('button', { name: '登记' }))
    .click();
  await expect(page.getByText('已登记', { exact: true })).toBeVisible();
  const row = page.locator('.ant-table-row').filter({ hasText: '召集辖区全部驾培机构' }).first();
  await expect(row).toContainText('集中执法');
  await expect(row).toContainText(countyName);
  await expect(row).toContainText(today);
  // The form's focus scrolled the page a little; the picture shows it from the top.
  await page.evaluate('window.scrollTo(0, 0)');
  await settled(page);
  await page.screenshot({ path: screenshotPath('supervision-actions'), fullPage: false });
});

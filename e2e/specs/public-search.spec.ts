import { expect, test } from '@playwright/test';
import { screenshotPath } from '../fixtures/auth.ts';

type SearchPage = {
  total: number;
  items: { id: string; name: string; distanceM: number | null; links: { tel: string; geo: string } }[];
};

test('search near a district centre: nearest first, with the distance and links the API reports', async ({
  page,
}) => {
  // 历下区's centre, the same point the district picker uses.
  const api = (await (
    await page.request.get('/api/public/schools?lat=36.666&lon=117.076&sort=distance&pageSize=20')
  ).json()) as SearchPage;
  const nearest = api.items[0]!;
  expect(nearest.distanceM).not.toBeNull();

  await page.goto('/');
  await page.getByRole('combobox', { name: '以区县中心为起点' }).click();
  await page.getByTitle('历下区', { exact: true }).click();
  await expect(page).toHaveURL(/lat=36\.666&lon=117\.076.*sort=distance/);
  await expect(page.getByText(`共找到 ${api.total} 所驾校`)).toBeVisible();

  const firstCard = page
    .locator('.ant-card')
    .filter({ has: page.getByRole('heading', { level: 3 }) })
    .first();
  await expect(firstCard.getByRole('heading', { name: nearest.name })).toBeVisible();
  await expect(firstCard.getByRole('link', { name: /^拨打/ })).toHaveAttribute('href', nearest.links.tel);
  await firstCard.getByRole('button', { name: `导航到${nearest.name}` }).click();
  await expect(page.getByRole('menuitem', { name: '系统地图' }).getByRole('link')).toHaveAttribute(
    'href',
    nearest.links.geo,
  );
  await page.keyboard.press('Escape');
  await page.screenshot({ path: screenshotPath('public-search'), fullPage: false });

  // A filter narrows the list exactly as the API does.
  const rated = (await (
    await page.request.get('/api/public/schools?lat=36.666&lon=117.076&sort=distance&grade=1&pageSize=1')
  ).json()) as SearchPage;
  await page.getByRole('combobox', { name: '质量信誉等级' }).click();
  await page.getByTitle('一级', { exact: true }).click();
  await expect(page).toHaveURL(/grade=1/);
  await expect(page.getByText(`共找到 ${rated.total} 所驾校`)).toBeVisible();

  // The map view: one pin per school of the page, and the starting point.
  await page.getByText('地图', { exact: true }).click();
  await expect(page.getByRole('region', { name: '驾校分布地图' })).toBeVisible();
  await expect(page.locator('.school-map__pin').first()).toBeVisible();
  await expect(page.locator('.school-map__pin')).toHaveCount(Math.min(rated.total, 100));
  await page.screenshot({ path: screenshotPath('public-map'), fullPage: false });
});

test('a school profile shows class types with every fee, coaches, cars and the enrol button', async ({
  page,
}) => {
  const list = (await (await page.request.get('/api/public/schools?pageSize=1')).json()) as SearchPage;
  const profile = (await (await page.request.get(`/api/public/schools/${list.items[0]!.id}`)).json()) as {
    name: string;
    classTypes: { name: string; fees: { item: string }[] }[];
    coaches: { name: string }[];
    vehicles: { plateMasked: string }[];
    photos: string[];
  };

  await page.goto(`/schools/${list.items[0]!.id}`);
  await expect(page.getByRole('heading', { level: 1, name: profile.name })).toBeVisible();
  const classType = profile.classTypes[0]!;
  for (const fee of classType.fees) {
    await expect(page.getByRole('cell', { name: fee.item, exact: true }).first()).toBeVisible();
  }
  await expect(
    page
      .getByRole('link', { name: `报名${classType.name}` })
      .or(page.getByRole('button', { name: `报名${classType.name}` }))
      .first(),
  ).toBeVisible();
  await expect(page.getByText(`教练员（${profile.coaches.length}）`)).toBeVisible();
  if (profile.vehicles[0]) {
    await expect(page.getByText(profile.vehicles[0].plateMasked).first()).toBeVisible();
  }
  await expect(page.getByRole('region', { name: `${profile.name}的教学场地地图` })).toBeVisible();
  // The seed's photo paths are files the web build ships: each one loads (a missing file would make
  // antd swap in the placeholder data: URI, and a broken one has no pixels).
  for (const [i, src] of profile.photos.entries()) {
    const photo = page.getByRole('img', { name: `${profile.name}的照片 ${i + 1}`, exact: true });
    await expect(photo).toHaveAttribute('src', src);
    await expect
      .poll(() => photo.evaluate((img) => (img as { naturalWidth: number }).naturalWidth))
      .toBeGreaterThan(0);
  }
  await page.screenshot({ path: screenshotPath('public-profile'), fullPage: false });
});

test('the guide renders the server-rendered page and its list', async ({ page }) => {
  const pages = (await (await page.request.get('/api/public/pages?locale=zh-CN')).json()) as {
    items: { slug: string; title: string }[];
  };
  const first = pages.items[0]!;

  await page.goto('/guide');
  await page.getByRole('link', { name: first.title }).click();
  await expect(page.getByRole('heading', { level: 1, name: first.title })).toHaveCount(1);
  // The Markdown arrived as HTML: headings and lists are elements, not literal # and 1.
  await expect(page.locator('.jp-article h1, .jp-article h2').first()).toBeVisible();
  await expect(page.locator('.jp-article').getByText('# ')).toHaveCount(0);
  await page.screenshot({ path: screenshotPath('public-guide'), fullPage: false });
});

test('a complaint gets a tracking number that finds it again with the phone', async ({ page }) => {
  const list = (await (await page.request.get('/api/public/schools?pageSize=1')).json()) as SearchPage;
  await page.goto(`/complaints/new?schoolId=${list.items[0]!.id}`);
  await expect(page.getByRole('combobox', { name: '驾校' })).toBeVisible();
  await page.getByLabel('具体情况').fill('报名时说好的费用之外，又要求交 500 元模拟费。');
  await page.getByLabel('姓名').fill('王投诉');
  await page.getByLabel('手机号码').fill('13900139000');
  await page.getByRole('button', { name: '提交' }).click();
  const tracking = page.getByTestId('tracking-number');
  await expect(tracking).toContainText(/TS\d{12}/);
  const number = /TS\d{12}/.exec((await tracking.textContent()) ?? '')![0];

  await page.getByRole('button', { name: '查询进度' }).click();
  await expect(page.getByLabel('受理编号')).toHaveValue(number);
  await page.getByLabel('手机号码').fill('13900139000');
  await page.getByRole('button', { name: '查询' }).click();
  await expect(page.getByText('待驾校答复')).toBeVisible();
  await expect(page.getByText('又要求交 500 元模拟费')).toBeVisible();
  await page.screenshot({ path: screenshotPath('public-complaint'), fullPage: false });
});

import { expect, request as playwrightRequest, test } from '@playwright/test';
import type { APIRequestContext } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { DEMO_PASSWORD, screenshotPath } from '../fixtures/auth.ts';

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

const idWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** A GB 11643 number with a correct check digit (the data directory is fresh each run). */
function freshIdNumber(): string {
  const first17 = `37010219960304${String(Math.floor(Math.random() * 900) + 100)}`;
  const sum = [...first17].reduce((acc, d, i) => acc + Number(d) * idWeights[i]!, 0);
  return first17 + '10X98765432'[sum % 11]!;
}

async function apiAs(baseURL: string, username: string, portal: 'school' | 'regulator') {
  const api = await playwrightRequest.newContext({ baseURL });
  const res = await api.post('/api/auth/login', { data: { username, password: DEMO_PASSWORD, portal } });
  expect(res.ok(), await res.text()).toBe(true);
  return api;
}

/** The city's contract template must be in force before anyone can enrol; the demo seed has none. */
async function templateInForce(regulator: APIRequestContext) {
  const list = (await (await regulator.get('/api/regulator/contract-templates')).json()) as {
    templates: { inForce: boolean }[];
    placeholders: { key: string; label: string }[];
  };
  if (list.templates.some((t) => t.inForce)) return;
  const draft = await regulator.post('/api/regulator/contract-templates', {
    data: {
      title: '济南市机动车驾驶培训合同（示范文本）',
      body: list.placeholders.map((p) => `${p.label}：{{${p.key}}}`).join('\n'),
      releasePlan: { kind: 'stages', steps: [{ on: 'enrolment', percent: 100 }] },
      refundRule: '退学时，已接受培训按合同学时单价计算，其余监管资金全额退还学员。',
      disputeClause: '争议由双方协商解决。',
      perHourFen: 15_000,
      idempotencyKey: `e2e-template-transfer-${Date.now()}`,
    },
  });
  expect(draft.ok(), await draft.text()).toBe(true);
  const { id } = (await draft.json()) as { id: string };
  const published = await regulator.post(`/api/regulator/contract-templates/${id}/publish`, { data: {} });
  expect(published.ok(), await published.text()).toBe(true);
}

type Contract = { id: string; contractNumber: string; textSha256: string; trainee: { name: string } };

test('转校: the contract page explains it, the enrolment is marked a transfer, both contracts show its state', async ({
  page,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const regulator = await apiAs(baseURL!, 'demo-city', 'regulator');
  await templateInForce(regulator);
  const school = await apiAs(baseURL!, 'demo-school', 'school');
  const me = (await (await school.get('/api/auth/me')).json()) as { school: { id: string } };
  const profile = (await (await school.get(`/api/public/schools/${me.school.id}`)).json()) as {
    classTypes: { id: string; name: string }[];
  };
  expect(profile.classTypes.length).toBeGreaterThan(1);
  const [first, second] = profile.classTypes as [{ id: string }, { id: string; name: string }];

  // A trainee with an active (countersigned) contract, set up through the API; the page's
  // request context keeps the session cookie the anonymous enrolment sets.
  const photo = readFileSync(new URL('../../apps/web/public/demo/photos/car-01.jpg', import.meta.url));
  const enrolled = await page.request.post('/api/public/enrolments', {
    data: {
      name: '转校学员',
      idNumber: freshIdNumber(),
      phone: '13700137000',
      photo: { contentType: 'image/jpeg', base64: photo.toString('base64') },
      password: 'trainee-pass-2',
      schoolId: me.school.id,
      classTypeId: first.id,
      idempotencyKey: `e2e-transfer-${Date.now()}`,
    },
  });
  expect(enrolled.ok(), await enrolled.text()).toBe(true);
  const old = ((await enrolled.json()) as { contract: Contract }).contract;
  const signed = await page.request.post(`/api/trainee/enrolment/contracts/${old.id}/signature`, {
    data: { signedName: old.trainee.name, consent: true, textSha256: old.textSha256 },
  });
  expect(signed.ok(), await signed.text()).toBe(true);
  const countersigned = await school.post(`/api/school/enrolment/contracts/${old.id}/countersignature`);
  expect(countersigned.ok(), await countersigned.text()).toBe(true);

  await page.goto(`/my/contracts/${old.id}`);
  await expect(page.getByText('已经学过并通过审核的学时记在您本人名下，转校后不会清零。')).toBeVisible();
  await page.getByRole('button', { name: '选择新驾校和班型' }).click();
  await expect(page).toHaveURL(/\/$/);

  // The other class type of the same school (a transfer is "another school or class type").
  await page.goto(`/enrol/${me.school.id}/${second.id}`);
  await expect(page.getByTestId('transfer-notice')).toContainText(old.contractNumber);
  await page.getByRole('button', { name: '下一步：阅读合同' }).click();
  await expect(page.getByRole('document', { name: '合同全文' })).toBeVisible();
  const newId = new URL(page.url()).pathname.split('/').pop()!;
  expect(newId).not.toBe(old.id);
  await expect(page.getByTestId('transfer-status')).toContainText(
    '新驾校确认后，原合同的剩余监管资金将转入本合同',
  );
  await expect(page.getByTestId('transfer-status')).toContainText(old.contractNumber);
  await page.getByLabel('签名（请输入您的姓名）').fill(old.trainee.name);
  await page.getByLabel('我已阅读并同意本合同全部条款').check();
  await page.getByRole('button', { name: '签署合同' }).click();
  await expect(page.getByText('等待驾校确认签署')).toBeVisible();

  await page.goto(`/my/contracts/${old.id}`);
  await expect(page.getByTestId('transfer-status')).toContainText('转校申请中');

  const newCountersigned = await school.post(`/api/school/enrolment/contracts/${newId}/countersignature`);
  expect(newCountersigned.ok(), await newCountersigned.text()).toBe(true);
  await page.reload();
  await expect(page.getByText('该合同已转校')).toBeVisible();
  await expect(page.getByTestId('transfer-status')).toContainText('转校已完成');
  await page.getByTestId('transfer-status').getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`/my/contracts/${newId}$`));
  await expect(page.getByTestId('transfer-status')).toContainText(
    '转校已完成：原合同的剩余监管资金（如有）已转入本合同',
  );
  await page.screenshot({ path: screenshotPath('public-transfer'), fullPage: false });

  await school.dispose();
  await regulator.dispose();
});

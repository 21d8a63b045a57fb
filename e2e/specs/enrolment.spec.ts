import { expect, request as playwrightRequest, test } from '@playwright/test';
import type { APIRequestContext } from '@playwright/test';
import { deflateSync } from 'node:zlib';
import { DEMO_PASSWORD, screenshotPath } from '../fixtures/auth.ts';

/**
 * Issue 5, must-show 3: search near a point → profile → enrol → sign → the school countersigns →
 * pay on the bank sandbox's page → the escrow balance; then withdraw and read the explained refund.
 */

const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** A GB 11643 number with a correct check digit, unique per run (the data directory is fresh anyway). */
function validIdNumber(): string {
  const serial = String(Math.floor(Math.random() * 900) + 100);
  const first17 = `37010219950612${serial}`;
  const sum = [...first17].reduce((acc, d, i) => acc + Number(d) * weights[i]!, 0);
  return first17 + '10X98765432'[sum % 11]!;
}

/** A real PNG (a 48×64 grey gradient), big enough for the server's "is this an image" floor. */
function identityPhoto(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc32 = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(typed.length + 8);
    out.writeUInt32BE(data.length, 0);
    typed.copy(out, 4);
    out.writeUInt32BE(crc32(typed), typed.length + 4);
    return out;
  };
  const width = 48;
  const height = 64;
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  const rows = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) rows[y * (width + 1) + 1 + x] = (x * 5 + y * 3) & 0xff;
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const yuan = (fen: number) =>
  `¥${(fen / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

async function signedInApi(baseURL: string, username: string, portal: 'school' | 'regulator') {
  const api = await playwrightRequest.newContext({ baseURL });
  const res = await api.post('/api/auth/login', { data: { username, password: DEMO_PASSWORD, portal } });
  expect(res.ok(), await res.text()).toBe(true);
  return api;
}

/** The city's contract template must be in force before anyone can enrol; the demo seed has none. */
async function ensureTemplate(regulator: APIRequestContext) {
  const list = (await (await regulator.get('/api/regulator/contract-templates')).json()) as {
    templates: { inForce: boolean }[];
    placeholders: { key: string; label: string }[];
  };
  if (list.templates.some((t) => t.inForce)) return;
  const body = list.placeholders.map((p) => `${p.label}：{{${p.key}}}`).join('\n');
  const draft = await regulator.post('/api/regulator/contract-templates', {
    data: {
      title: '济南市机动车驾驶培训合同（示范文本）',
      body: `甲方（培训机构）与乙方（学员）订立本合同。\n${body}`,
      releasePlan: {
        kind: 'stages',
        steps: [
          { on: 'enrolment', percent: 10 },
          { on: 'part', part: 1, percent: 20 },
          { on: 'part', part: 2, percent: 35 },
          { on: 'part', part: 3, percent: 35 },
        ],
      },
      refundRule: '退学时，已接受培训按合同学时单价计算，其余监管资金全额退还学员。',
      disputeClause: '争议由双方协商，协商不成的向市交通运输主管部门申请调解。',
      perHourFen: 15_000,
      idempotencyKey: `e2e-template-${Date.now()}`,
    },
  });
  expect(draft.ok(), await draft.text()).toBe(true);
  const { id } = (await draft.json()) as { id: string };
  const published = await regulator.post(`/api/regulator/contract-templates/${id}/publish`, { data: {} });
  expect(published.ok(), await published.text()).toBe(true);
}

test('enrol near a point, sign, pay into escrow, then withdraw with the refund explained', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const regulator = await signedInApi(baseURL!, 'demo-city', 'regulator');
  await ensureTemplate(regulator);
  const school = await signedInApi(baseURL!, 'demo-school', 'school');
  const me = (await (await school.get('/api/auth/me')).json()) as { school: { id: string } };
  const profile = (await (await school.get(`/api/public/schools/${me.school.id}`)).json()) as {
    name: string;
    latitude: number;
    longitude: number;
    classTypes: { id: string; name: string; priceFen: number }[];
  };
  const classType = profile.classTypes[0]!;

  // "Near me": the browser's location a few hundred metres from the demo school.
  const context = await browser.newContext({
    geolocation: { latitude: profile.latitude + 0.002, longitude: profile.longitude + 0.002 },
    permissions: ['geolocation'],
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const page = await context.newPage();
  await page.goto('/');
  await page.getByRole('button', { name: '我的位置' }).click();
  await expect(page).toHaveURL(/lat=.*lon=.*sort=distance/);
  const firstCard = page
    .locator('.ant-card')
    .filter({ has: page.getByRole('heading', { level: 3 }) })
    .first();
  await expect(firstCard.getByRole('heading', { name: profile.name })).toBeVisible();
  await expect(firstCard).toContainText(/\d+ 米/);
  await firstCard.getByRole('link', { name: profile.name, exact: true }).click();

  await expect(page.getByRole('heading', { level: 1, name: profile.name })).toBeVisible();
  await page
    .getByRole('button', { name: `报名${classType.name}` })
    .first()
    .click();

  // Identity: a wrong check digit is hinted before the server is asked.
  const idNumber = validIdNumber();
  const wrongDigit = idNumber.endsWith('0') ? '1' : '0';
  await page.getByLabel('姓名').fill('测试学员');
  await page.getByLabel('身份证号码').fill(idNumber.slice(0, 17) + wrongDigit);
  await expect(page.getByText('校验码不符，可能有数字输错')).toBeVisible();
  await page.getByLabel('身份证号码').fill(idNumber);
  await expect(page.getByText('校验码正确')).toBeVisible();
  await page.getByLabel('手机号码').fill('13800138000');
  await page.getByLabel('设置登录密码').fill('trainee-pass-1');
  await page
    .getByTestId('photo-input')
    .setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: identityPhoto() });
  await expect(page.getByAltText('照片预览')).toBeVisible();
  await page.getByRole('button', { name: '下一步：阅读合同' }).click();

  // The full contract, then the typed name and consent.
  await expect(page.getByRole('document', { name: '合同全文' })).toContainText(profile.name);
  await expect(page.getByText(/您的学员账号为 \d+/)).toBeVisible();
  await page.screenshot({ path: screenshotPath('public-contract'), fullPage: false });
  await page.getByLabel('签名（请输入您的姓名）').fill('测试学员');
  await page.getByLabel('我已阅读并同意本合同全部条款').check();
  await page.getByRole('button', { name: '签署合同' }).click();
  await expect(page.getByText('等待驾校确认签署')).toBeVisible();

  // The school countersigns (through its API; the page polls and moves on by itself).
  const contractId = new URL(page.url()).pathname.split('/').pop()!;
  const countersigned = await school.post(`/api/school/enrolment/contracts/${contractId}/countersignature`);
  expect(countersigned.ok(), await countersigned.text()).toBe(true);

  await expect(page.getByRole('button', { name: '前往银行页面支付' })).toBeVisible();
  const [bankPage] = await Promise.all([
    page.waitForEvent('popup'),
    page.getByRole('button', { name: '前往银行页面支付' }).click(),
  ]);
  // The bank's own page prints the amount without grouping.
  await expect(bankPage.getByText(`¥${(classType.priceFen / 100).toFixed(2)}`)).toBeVisible();
  await bankPage.getByTestId('pay').click();
  await expect(bankPage.getByTestId('paid')).toBeVisible();
  await bankPage.close();

  // Escrowed once the bank's signed callback arrived: the page shows the ledger's balance.
  const balance = page.getByTestId('escrow-balance');
  await expect(balance).toBeVisible({ timeout: 30_000 });
  const mine = (await (await page.request.get('/api/escrow/my')).json()) as {
    contracts: { id: string; escrowFen: number; fundedFen: number }[];
  };
  const escrow = mine.contracts[0]!;
  expect(escrow.fundedFen).toBe(classType.priceFen);
  await expect(balance).toHaveText(yuan(escrow.escrowFen));
  await balance.scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath('public-escrow') });

  // Withdraw: the refund explained line by line before confirming, then the result.
  await page.getByRole('button', { name: '申请退学退费' }).click();
  const dialog = page.getByRole('dialog', { name: '退学退费明细' });
  await expect(dialog.getByText('监管账户余额')).toBeVisible();
  await expect(dialog.getByText('已完成的有效学时')).toBeVisible();
  const preview = (await (
    await page.request.get(`/api/escrow/my/contracts/${escrow.id}/withdrawal`)
  ).json()) as {
    refundFen: number;
  };
  await expect(dialog.getByTestId('refund-total')).toContainText(yuan(preview.refundFen));
  await page.screenshot({ path: screenshotPath('public-withdraw'), animations: 'disabled' });
  await dialog.getByRole('button', { name: '确认退学' }).click();
  await expect(page.getByText('已退学，退费明细如下').first()).toBeVisible();
  await expect(page.getByTestId('refund-total').first()).toContainText(yuan(preview.refundFen));

  await context.close();
  await school.dispose();
  await regulator.dispose();
});

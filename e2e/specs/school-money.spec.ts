import { expect, request, test, type APIRequestContext, type Page } from '@playwright/test';
import { DEMO_PASSWORD, screenshotPath, settled, signInByApi } from '../fixtures/auth.ts';

type ContractSummary = { id: string; contractNumber: string; traineeName: string; status: string };
type Complaint = { id: string; trackingNumber: string; status: string; text: string };

// A 1×1 PNG, padded past the server's minimum size (it checks the magic bytes and the size).
const photoPng = Buffer.concat([
  Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex'),
  Buffer.alloc(200, 0),
]).toString('base64');

/** A GB 11643 identity number with its MOD 11-2 check character, born 2000-01-01 in 济南市历下区. */
function idNumberWith(sequence: number): string {
  const body = `37010220000101${String(sequence).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
  return body + '10X98765432'[sum % 11]!;
}

/**
 * The city's contract template in force: the demo seeds none, so the city regulator drafts one with
 * every placeholder and publishes it (in its own session) when the city has no version yet.
 */
async function ensureTemplateInForce(baseURL: string) {
  const city: APIRequestContext = await request.newContext({ baseURL });
  try {
    const login = await city.post('/api/auth/login', {
      data: { username: 'demo-city', password: DEMO_PASSWORD, portal: 'regulator' },
    });
    expect(login.ok(), await login.text()).toBe(true);
    const list = (await (await city.get('/api/regulator/contract-templates')).json()) as {
      templates: { inForce: boolean }[];
      placeholders: { key: string; label: string }[];
    };
    if (list.templates.some((t) => t.inForce)) return;
    const draft = await city.post('/api/regulator/contract-templates', {
      data: {
        title: '济南市机动车驾驶培训服务合同（示范文本）',
        body: list.placeholders.map((p) => `${p.label}：{{${p.key}}}`).join('\n'),
        releasePlan: {
          kind: 'stages',
          steps: [
            { on: 'enrolment', percent: 10 },
            { on: 'part', part: 1, percent: 30 },
            { on: 'part', part: 2, percent: 30 },
            { on: 'part', part: 3, percent: 30 },
          ],
        },
        refundRule: '退学时退还未培训部分的学费，已培训部分按每学时单价结算。',
        disputeClause: '双方协商解决；协商不成的，可向区县交通运输主管部门投诉。',
        perHourFen: 15000,
        idempotencyKey: `e2e-template-${Date.now()}`,
      },
    });
    expect(draft.ok(), await draft.text()).toBe(true);
    const { id } = (await draft.json()) as { id: string };
    const published = await city.post(`/api/regulator/contract-templates/${id}/publish`, { data: {} });
    expect(published.ok(), await published.text()).toBe(true);
  } finally {
    await city.dispose();
  }
}

async function schoolIdOf(page: Page): Promise<string> {
  const me = (await (await page.request.get('/api/auth/me')).json()) as { school: { id: string } | null };
  expect(me.school).not.toBeNull();
  return me.school!.id;
}

/**
 * A contract the trainee has signed and the school has not: the demo seed has none, so a new trainee
 * enrols (anonymously, which creates their account) and signs in a separate browser-less session.
 */
async function traineeSignedContract(baseURL: string, schoolId: string, classTypeId: string) {
  const trainee: APIRequestContext = await request.newContext({ baseURL });
  try {
    const name = '会签测试学员';
    const enrol = await trainee.post('/api/public/enrolments', {
      data: {
        name,
        idNumber: idNumberWith(100 + Math.floor(Math.random() * 800)),
        phone: '13912345678',
        photo: { contentType: 'image/png', base64: photoPng },
        password: DEMO_PASSWORD,
        schoolId,
        classTypeId,
        idempotencyKey: `e2e-school-money-${Date.now()}`,
      },
    });
    expect(enrol.ok(), await enrol.text()).toBe(true);
    const { contract } = (await enrol.json()) as { contract: { id: string; textSha256: string } };
    const signed = await trainee.post(`/api/trainee/enrolment/contracts/${contract.id}/signature`, {
      data: { signedName: name, consent: true, textSha256: contract.textSha256 },
    });
    expect(signed.ok(), await signed.text()).toBe(true);
    return { id: contract.id, traineeName: name };
  } finally {
    await trainee.dispose();
  }
}

test('the school countersigns a signed contract and sees it in its settlement', async ({ page, baseURL }) => {
  await signInByApi(page, 'demo-school', 'school');
  const schoolId = await schoolIdOf(page);

  const waiting = (await (
    await page.request.get('/api/school/enrolment/contracts?status=awaiting_school_signature')
  ).json()) as { contracts: ContractSummary[] };
  let target = waiting.contracts[0];
  if (!target) {
    const classTypes = (await (
      await page.request.get(`/api/schools/${schoolId}/class-types?pageSize=50`)
    ).json()) as {
      items: { id: string; status: string }[];
    };
    const onSale = classTypes.items.find((c) => c.status === 'on_sale');
    expect(onSale).toBeDefined();
    await ensureTemplateInForce(baseURL!);
    const created = await traineeSignedContract(baseURL!, schoolId, onSale!.id);
    const list = (await (
      await page.request.get('/api/school/enrolment/contracts?status=awaiting_school_signature')
    ).json()) as { contracts: ContractSummary[] };
    target = list.contracts.find((c) => c.id === created.id);
  }
  expect(target).toBeDefined();

  await page.goto('/school/contracts');
  await expect(page.getByRole('heading', { name: '合同会签' })).toBeVisible();
  const row = page.locator('.ant-table-row').filter({ hasText: target!.contractNumber });
  await expect(row).toContainText(target!.traineeName);
  await expect(row).toContainText('待驾校会签');
  await settled(page);
  await page.screenshot({ path: screenshotPath('school-contracts'), fullPage: false });

  await row.getByRole('button', { name: '阅读并会签' }).click();
  const drawer = page.getByRole('dialog');
  // The full text as signed is shown, with the trainee's name filled into it.
  await expect(drawer.getByTestId('contract-text')).toContainText(target!.traineeName);
  await expect(drawer).toContainText('校验通过');
  await settled(page);
  await page.screenshot({ path: screenshotPath('school-contract-detail'), fullPage: false });
  await drawer.getByRole('button', { name: '会签', exact: true }).click();
  await page.locator('.ant-popconfirm').getByRole('button', { name: '会签', exact: true }).click();
  await expect(page.getByText('合同已会签生效')).toBeVisible();
  await expect(drawer).toContainText('已生效');

  const after = (await (await page.request.get(`/api/school/enrolment/contracts/${target!.id}`)).json()) as {
    status: string;
    escrow: { contractId: string } | null;
  };
  expect(after.status).toBe('active');
  expect(after.escrow).not.toBeNull();

  // Countersigning opened the escrow contract: the settlement lists it, awaiting payment.
  await page.goto('/school/settlement');
  await expect(page.getByRole('heading', { name: '资金结算' })).toBeVisible();
  const settlementRow = page
    .locator('.ant-table-row')
    .filter({ hasText: target!.traineeName })
    .filter({ hasText: '待缴费' });
  await expect(settlementRow.first()).toBeVisible();
  await expect(page.locator('.ant-statistic-title').filter({ hasText: '已缴入监管' })).toBeVisible();
  await settled(page);
  await page.screenshot({ path: screenshotPath('school-settlement'), fullPage: false });
});

test('the complaint inbox shows a complaint and a reply moves it on', async ({ page }) => {
  await signInByApi(page, 'demo-school', 'school');
  const schoolId = await schoolIdOf(page);

  const open = (await (
    await page.request.get('/api/school/complaints?status=submitted&pageSize=50')
  ).json()) as {
    items: Complaint[];
  };
  let complaint = open.items[0];
  if (!complaint) {
    // The demo seeds complaints for a few schools only; file one about this school as the public would.
    const filed = await page.request.post('/api/public/complaints', {
      data: {
        kind: 'complaint',
        category: 'extra_fees',
        target: 'school',
        schoolId,
        text: '报名时说一费到底，考前又让交模拟费。',
        attachments: [],
        idempotencyKey: `e2e-complaint-${Date.now()}`,
        name: '投诉测试人',
        phone: '13900001111',
      },
    });
    expect(filed.ok(), await filed.text()).toBe(true);
    complaint = ((await filed.json()) as { complaint: Complaint }).complaint;
  }

  await page.goto('/school/complaints');
  await expect(page.getByRole('heading', { name: '投诉处理' })).toBeVisible();
  const row = page.locator('.ant-table-row').filter({ hasText: complaint.trackingNumber });
  await expect(row).toContainText('待驾校答复');
  await settled(page);
  await page.screenshot({ path: screenshotPath('school-complaints'), fullPage: false });

  await row.getByRole('button', { name: '查看' }).click();
  const drawer = page.getByRole('dialog');
  await expect(drawer).toContainText(complaint.text);
  await drawer.getByLabel('答复内容').fill('已核实，多收的费用三日内退还，并向您致歉。');
  await settled(page);
  await page.screenshot({ path: screenshotPath('school-complaint-detail'), fullPage: false });
  await drawer.getByRole('button', { name: '提交答复' }).click();
  await expect(page.getByText('回复已提交')).toBeVisible();
  await expect(drawer).toContainText('驾校已答复');
  await expect(drawer).toContainText('已核实，多收的费用三日内退还');

  const after = (await (
    await page.request.get(`/api/school/complaints/${complaint.id}`)
  ).json()) as Complaint;
  expect(after.status).toBe('school_replied');
});

test('the school sees its evaluations summary', async ({ page }) => {
  await signInByApi(page, 'demo-school', 'school');
  await page.goto('/school/evaluations');
  await expect(page.getByRole('heading', { name: '学员评价' })).toBeVisible();
  await expect(page.locator('.ant-statistic').filter({ hasText: '评价数' })).toBeVisible();
  await settled(page);
  await page.screenshot({ path: screenshotPath('school-evaluations'), fullPage: false });
});

import { createHash, createSign, createVerify } from 'node:crypto';
import { parseReleasePlan, stepAmounts, type ReleasePlan } from '../escrow-ledger/index.ts';
import { AppError } from '../../shared/app-error.ts';

/**
 * The contract text: a regulator's template with {{placeholders}}, filled from the parties, the class
 * type and the template's own terms. Every term a trainee agrees to must be in the text they sign, so a
 * template is refused unless each required placeholder appears in it.
 */
export const PLACEHOLDERS = {
  'contract.number': '合同编号',
  'contract.date': '合同生成日期（北京时间）',
  'template.version': '示范文本版本',
  'school.name': '培训机构名称',
  'school.creditCode': '统一社会信用代码',
  'school.licenceNumber': '经营许可证号',
  'school.address': '培训机构地址',
  'school.phone': '培训机构电话',
  'trainee.name': '学员姓名',
  'trainee.idNumber': '学员身份证号（脱敏）',
  'trainee.phone': '学员电话',
  'trainee.traineeNumber': '学员编号',
  'classType.name': '班型名称',
  'classType.licenceClass': '准驾车型',
  'price.total': '培训费总额（元）',
  'price.breakdown': '费用明细（班型所含及另计项目）',
  releasePlan: '资金监管拨付计划',
  refundRule: '退费规则',
  perHourPrice: '每学时单价（元）',
  disputeClause: '争议解决条款',
} as const;
export type PlaceholderKey = keyof typeof PLACEHOLDERS;
export const placeholderKeys = Object.keys(PLACEHOLDERS) as PlaceholderKey[];
/** All of them: a contract missing any term is not the unified contract (RULES §7, §8). */
export const requiredPlaceholders: readonly PlaceholderKey[] = placeholderKeys;

const PLACEHOLDER = /\{\{\s*([A-Za-z.]+)\s*\}\}/g;

/** Refuses a template body that misses a required placeholder or names an unknown one. */
export function checkTemplateBody(body: string): void {
  const used = new Set([...body.matchAll(PLACEHOLDER)].map((m) => m[1]!));
  const unknown = [...used].filter((k) => !(k in PLACEHOLDERS));
  const missing = requiredPlaceholders.filter((k) => !used.has(k));
  if (unknown.length || missing.length) {
    throw new AppError('contract_template.invalid', {
      message: `template placeholders: missing ${missing.join(', ') || 'none'}; unknown ${unknown.join(', ') || 'none'}`,
      details: { missing, unknown },
    });
  }
}

export function fillTemplate(body: string, terms: Record<PlaceholderKey, string>): string {
  return body.replace(PLACEHOLDER, (_, key: string) => terms[key as PlaceholderKey] ?? '');
}

/** 398001 分 → "3,980.01". */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / 100).toLocaleString('en-US');
  return `${sign}${whole}.${String(abs % 100).padStart(2, '0')}`;
}

const stepName = (on: 'enrolment' | 'part', part?: number) =>
  on === 'enrolment' ? '报名缴费后' : `第${['', '一', '二', '三', '四'][part ?? 0]}部分培训经审核通过后`;

/** The release plan in words, with each step's amount for this price (the ledger's own rounding). */
export function describeReleasePlan(plan: ReleasePlan, priceFen: number, perHourFen: number): string {
  if (plan.kind === 'stages') {
    return stepAmounts(plan, priceFen)
      .map(
        ({ step, amountFen }, i) =>
          `${i + 1}. ${stepName(step.on, step.on === 'part' ? step.part : undefined)}拨付 ${step.percent}%（${yuan(amountFen)} 元）`,
      )
      .join('\n');
  }
  const upfront = Math.floor((priceFen * plan.upfrontPercent) / 100);
  return [
    `1. 报名缴费后拨付 ${plan.upfrontPercent}%（${yuan(upfront)} 元）`,
    `2. 其余按经审核的有效学时逐日拨付，每学时 ${yuan(perHourFen)} 元，累计不超过培训费总额`,
  ].join('\n');
}

export function validReleasePlan(value: unknown): ReleasePlan {
  return parseReleasePlan(value);
}

// ---- signing ------------------------------------------------------------------------------------

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Object keys sorted, no whitespace: the same bytes on every machine, so hashes and signatures agree. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** What the trainee's signature binds: the text (by its hash), the typed name, consent and the time. */
export type TraineeSigning = {
  format: 'jiapei.enrolment-contract.trainee/1';
  contractId: string;
  contractNumber: string;
  textSha256: string;
  traineeId: string;
  signedName: string;
  consent: true;
  signedAt: string;
};

/** What the school's RSA signature covers: the trainee's signing record (by its hash) and the school's act. */
export type SchoolSigning = {
  format: 'jiapei.enrolment-contract.school/1';
  contractId: string;
  contractNumber: string;
  textSha256: string;
  traineeSignatureSha256: string;
  schoolId: string;
  signedBy: string;
  signedAt: string;
};

export function signCanonical(canonical: string, privateKeyPem: string): string {
  return createSign('RSA-SHA256').update(canonical, 'utf8').sign(privateKeyPem, 'base64');
}

export function verifyCanonical(canonical: string, signature: string, publicKeyPem: string): boolean {
  try {
    return createVerify('RSA-SHA256').update(canonical, 'utf8').verify(publicKeyPem, signature, 'base64');
  } catch {
    return false;
  }
}

/** Names compare after Unicode normalisation and trimming (full-width letters, stray spaces). */
export function sameName(a: string, b: string): boolean {
  const norm = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');
  return norm(a) === norm(b);
}

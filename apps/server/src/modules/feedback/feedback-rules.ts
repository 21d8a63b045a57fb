import { randomInt } from 'node:crypto';

/** Pure rules of evaluations and complaints: moderation, deadlines, tracking numbers, attachments. */

export const HoldReason = { phoneNumber: 'phone_number', link: 'link', bannedWord: 'banned_word' } as const;
export type HoldReason = (typeof HoldReason)[keyof typeof HoldReason];

/**
 * Abuse and the usual advertising of exam fixers. Deliberately short: a hit only holds the text for a
 * regulator to read, it never rejects it, so a false positive costs a delay, not a lost evaluation.
 * Criticism words (差, 垃圾, 骗) are not here: unfavourable evaluations are the point.
 */
const BANNED_WORDS = ['傻逼', '傻b', '操你', '妈的', '去死', '代考', '包过', '加微信', '加v', 'fuck'];

// Mainland mobile numbers and any 7+ digit run (landlines), tolerating spaces or dashes between digits,
// so "138 1234 5678" is caught too.
const PHONE_PATTERN = /(?:\d[\s-]?){7,}/;
const LINK_PATTERN = /(?:https?:\/\/|www\.|[a-z0-9-]+\.(?:com|cn|net|org|top|xyz|cc)\b)/i;

/** Why a text must wait for a regulator before it is public; empty when it may be published at once. */
export function holdReasonsOf(text: string): HoldReason[] {
  const normalised = text.normalize('NFKC').toLowerCase();
  const reasons: HoldReason[] = [];
  if (PHONE_PATTERN.test(normalised)) reasons.push(HoldReason.phoneNumber);
  if (LINK_PATTERN.test(normalised)) reasons.push(HoldReason.link);
  const compact = normalised.replace(/\s+/g, '');
  if (BANNED_WORDS.some((w) => compact.includes(w))) reasons.push(HoldReason.bannedWord);
  return reasons;
}

const BEIJING_OFFSET_MS = 8 * 3_600_000;

/** TS + yymmdd (Beijing date) + 6 random digits. Random, not sequential, so numbers cannot be guessed. */
export function newTrackingNumber(at: Date, random: (max: number) => number = randomInt): string {
  const beijing = new Date(at.getTime() + BEIJING_OFFSET_MS).toISOString();
  const yymmdd = beijing.slice(2, 4) + beijing.slice(5, 7) + beijing.slice(8, 10);
  return `TS${yymmdd}${String(random(1_000_000)).padStart(6, '0')}`;
}

export const MAX_ATTACHMENTS = 3;
export const MAX_ATTACHMENT_BYTES = 300 * 1024;
export const AttachmentType = { jpeg: 'image/jpeg', png: 'image/png' } as const;
export type AttachmentType = (typeof AttachmentType)[keyof typeof AttachmentType];

/**
 * The content type the bytes really are (by their signature), or null for anything else. The declared
 * type must agree, so a script renamed .jpg is refused rather than served back to a school's browser.
 */
export function sniffImageType(data: Buffer): AttachmentType | null {
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) {
    return AttachmentType.jpeg;
  }
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (data.length >= 8 && png.every((b, i) => data[i] === b)) return AttachmentType.png;
  return null;
}

/** 138****5678: what a school sees of an anonymous complainant's phone (the regulator sees it whole). */
export function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}

/** Complaints counted in the public rate: complaints (not suggestions) of the last 12 months. */
export function rateWindowStart(now: Date): Date {
  const start = new Date(now.getTime());
  start.setUTCFullYear(start.getUTCFullYear() - 1);
  return start;
}

/** complaints × 100 ÷ active cars, 2 decimals; null without cars (a rate per car is meaningless then). */
export function per100Cars(complaints: number, activeCars: number): number | null {
  if (activeCars <= 0) return null;
  return Math.round((complaints * 10_000) / activeCars) / 100;
}

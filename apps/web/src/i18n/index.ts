/**
 * Message catalogs. zh-CN is the source language; every other locale must have exactly its keys
 * (see catalogs.test.ts). Keys are `<portal|common|errors>.<page>.<element>` and live in the file of
 * their namespace.
 */
import enCommon from './en-US/common.json';
import enErrors from './en-US/errors.json';
import enPublic from './en-US/public.json';
import enRegulator from './en-US/regulator.json';
import enSchool from './en-US/school.json';
import enAnomaly from './en-US/anomaly.json';
import enReview from './en-US/review.json';
import enWorkorders from './en-US/workorders.json';
import enSanctions from './en-US/sanctions.json';
import enReport from './en-US/report.json';
import enDashboard from './en-US/dashboard.json';
import enCalendar from './en-US/calendar.json';
import zhCommon from './zh-CN/common.json';
import zhErrors from './zh-CN/errors.json';
import zhPublic from './zh-CN/public.json';
import zhRegulator from './zh-CN/regulator.json';
import zhSchool from './zh-CN/school.json';
import zhAnomaly from './zh-CN/anomaly.json';
import zhReview from './zh-CN/review.json';
import zhWorkorders from './zh-CN/workorders.json';
import zhSanctions from './zh-CN/sanctions.json';
import zhReport from './zh-CN/report.json';
import zhDashboard from './zh-CN/dashboard.json';
import zhCalendar from './zh-CN/calendar.json';

export const namespaces = [
  'common',
  'errors',
  'public',
  'school',
  'regulator',
  'anomaly',
  'review',
  'workorders',
  'sanctions',
  'report',
  'dashboard',
  'calendar',
] as const;

export const locales = ['zh-CN', 'en-US'] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'zh-CN';

const zhCN = {
  ...zhCommon,
  ...zhErrors,
  ...zhPublic,
  ...zhSchool,
  ...zhRegulator,
  ...zhAnomaly,
  ...zhReview,
  ...zhWorkorders,
  ...zhSanctions,
  ...zhReport,
  ...zhDashboard,
  ...zhCalendar,
};

export type MessageId = keyof typeof zhCN;
export type Messages = Readonly<Record<MessageId, string>>;

// Typed as `Messages`, so a key missing from en-US already fails the type check.
const enUS: Messages = {
  ...enCommon,
  ...enErrors,
  ...enPublic,
  ...enSchool,
  ...enRegulator,
  ...enAnomaly,
  ...enReview,
  ...enWorkorders,
  ...enSanctions,
  ...enReport,
  ...enDashboard,
  ...enCalendar,
};

export const messagesByLocale: Readonly<Record<Locale, Messages>> = { 'zh-CN': zhCN, 'en-US': enUS };

export function isMessageId(id: string): id is MessageId {
  return Object.hasOwn(zhCN, id);
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

const storageKey = 'jiapei.locale';

/** The locale the user chose last time on this device, or zh-CN. */
export function readStoredLocale(): Locale {
  try {
    const stored = globalThis.localStorage?.getItem(storageKey);
    return isLocale(stored) ? stored : defaultLocale;
  } catch {
    return defaultLocale;
  }
}

export function storeLocale(locale: Locale): void {
  try {
    globalThis.localStorage?.setItem(storageKey, locale);
  } catch {
    // Private mode or storage disabled: the choice lasts for this page only.
  }
}

declare global {
  // react-intl reads these to type message ids and locales in formatMessage and FormattedMessage.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace FormatjsIntl {
    interface Message {
      ids: MessageId;
    }
    interface IntlConfig {
      locale: Locale;
    }
  }
}

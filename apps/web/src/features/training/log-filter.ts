import type { SchoolLogFilter } from './queries.ts';

const verdicts = ['valid', 'partial', 'invalid', 'pending'] as const;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The teaching-log filter read from the URL (`?traineeId=…&coachId=…&verdict=partial&part=2&from=…&to=…`)
 * so a filtered list can be bookmarked, shared and restored with the back button. Anything the server
 * would reject with a 400 (a malformed id, an unknown verdict, half a date range) is dropped instead.
 */
export function toLogFilter(params: URLSearchParams): SchoolLogFilter {
  const filter: SchoolLogFilter = {};
  const traineeId = params.get('traineeId');
  if (traineeId && uuid.test(traineeId)) filter.traineeId = traineeId;
  const coachId = params.get('coachId');
  if (coachId && uuid.test(coachId)) filter.coachId = coachId;
  const verdict = params.get('verdict');
  const knownVerdict = verdicts.find((v) => v === verdict);
  if (knownVerdict) filter.verdict = knownVerdict;
  const part = Number(params.get('part'));
  if (part === 1 || part === 2 || part === 3 || part === 4) filter.part = part;
  const from = params.get('from');
  const to = params.get('to');
  if (from && to && isoDate.test(from) && isoDate.test(to) && from <= to) {
    filter.from = from;
    filter.to = to;
  }
  return filter;
}

/** The URL query of a filter: only the fields that are set, in a stable order. */
export function toLogSearchParams(filter: SchoolLogFilter): Record<string, string> {
  const params: Record<string, string> = {};
  if (filter.traineeId) params.traineeId = filter.traineeId;
  if (filter.coachId) params.coachId = filter.coachId;
  if (filter.verdict) params.verdict = filter.verdict;
  if (filter.part) params.part = String(filter.part);
  if (filter.from && filter.to) {
    params.from = filter.from;
    params.to = filter.to;
  }
  return params;
}

/** The registry lists are paged at most 100 a page; this is the most a filter picker loads. */
export const pickerPageSize = 100;
export const pickerMaxPages = 20;

/**
 * Every item of a paged list, page by page until `total` is reached (or a page comes back short, or
 * `maxPages` pages are loaded — a school with more is told so through `complete: false`).
 */
export async function fetchAllPages<T>(
  fetchPage: (page: number, pageSize: number) => Promise<{ items: T[]; total: number }>,
  options: { pageSize?: number; maxPages?: number } = {},
): Promise<{ items: T[]; total: number; complete: boolean }> {
  const pageSize = options.pageSize ?? pickerPageSize;
  const maxPages = options.maxPages ?? pickerMaxPages;
  const items: T[] = [];
  let total = 0;
  for (let page = 1; page <= maxPages; page++) {
    const answer = await fetchPage(page, pageSize);
    items.push(...answer.items);
    total = answer.total;
    if (items.length >= total || answer.items.length < pageSize) {
      return { items, total, complete: true };
    }
  }
  return { items, total, complete: items.length >= total };
}

export type PickerOption = { value: string; label: string; search: string };

/**
 * Select options for people, sorted by label: `label` (formatted by the caller through the catalogs)
 * should carry a distinguishing detail because two trainees can share a name, and `search` holds
 * everything a user may type to find one (name, phone, coach number, …).
 */
export function toPickerOptions<T extends { id: string }>(
  people: readonly T[],
  label: (person: T) => string,
  searchable: (person: T) => readonly string[],
  locale: string,
): PickerOption[] {
  return people
    .map((p) => ({ value: p.id, label: label(p), search: searchable(p).join(' ').toLowerCase() }))
    .sort((a, b) => a.label.localeCompare(b.label, locale));
}

/** antd Select's `filterOption`: case-insensitive substring match on the option's `search` text. */
export const matchesPickerInput = (input: string, option: PickerOption | undefined) =>
  Boolean(option?.search.includes(input.trim().toLowerCase()));

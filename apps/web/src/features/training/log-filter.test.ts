import { describe, expect, it } from 'vitest';
import {
  fetchAllPages,
  matchesPickerInput,
  toLogFilter,
  toLogSearchParams,
  toPickerOptions,
} from './log-filter.ts';

const trainee = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const coach = '0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d';

describe('toLogFilter / toLogSearchParams', () => {
  it('reads every filter from the URL and writes it back unchanged', () => {
    const query = `traineeId=${trainee}&coachId=${coach}&verdict=partial&part=2&from=2024-05-01&to=2024-05-31`;
    const filter = toLogFilter(new URLSearchParams(query));
    expect(filter).toEqual({
      traineeId: trainee,
      coachId: coach,
      verdict: 'partial',
      part: 2,
      from: '2024-05-01',
      to: '2024-05-31',
    });
    expect(new URLSearchParams(toLogSearchParams(filter)).toString()).toBe(query);
  });

  it('drops what the server would reject instead of sending it', () => {
    const filter = toLogFilter(
      new URLSearchParams('traineeId=42&coachId=&verdict=maybe&part=5&from=2024-05-31&to=2024-05-01'),
    );
    expect(filter).toEqual({});
  });

  it('keeps a date range only when both ends are there', () => {
    expect(toLogFilter(new URLSearchParams('from=2024-05-01'))).toEqual({});
    expect(toLogSearchParams({ from: '2024-05-01' })).toEqual({});
  });

  it('writes nothing for cleared fields', () => {
    expect(toLogSearchParams({ traineeId: undefined, part: 3 })).toEqual({ part: '3' });
  });
});

describe('fetchAllPages', () => {
  const roster = Array.from({ length: 7 }, (_, i) => `p${i}`);
  const pageOf = (page: number, pageSize: number) =>
    Promise.resolve({ items: roster.slice((page - 1) * pageSize, page * pageSize), total: roster.length });

  it('loads page after page until the total is reached', async () => {
    const asked: number[] = [];
    const all = await fetchAllPages(
      (page, size) => {
        asked.push(page);
        return pageOf(page, size);
      },
      { pageSize: 3 },
    );
    expect(all).toEqual({ items: roster, total: 7, complete: true });
    expect(asked).toEqual([1, 2, 3]);
  });

  it('stops at maxPages and says the list is incomplete', async () => {
    const all = await fetchAllPages(pageOf, { pageSize: 2, maxPages: 2 });
    expect(all).toEqual({ items: ['p0', 'p1', 'p2', 'p3'], total: 7, complete: false });
  });

  it('stops on a short page even if the total grew meanwhile', async () => {
    let calls = 0;
    const all = await fetchAllPages(
      () => {
        calls++;
        return Promise.resolve({ items: ['only'], total: 50 });
      },
      { pageSize: 10 },
    );
    expect(calls).toBe(1);
    expect(all.items).toEqual(['only']);
  });
});

describe('toPickerOptions / matchesPickerInput', () => {
  const people = [
    { id: 'b', name: '王芳', phone: '13800000002', number: 'X9' },
    { id: 'a', name: 'Li Lei', phone: '13900000001', number: 'A1' },
  ];
  const options = toPickerOptions(
    people,
    (p) => `${p.name} (${p.phone})`,
    (p) => [p.name, p.phone, p.number],
    'en-US',
  );

  it('labels, sorts and keeps the id as the value', () => {
    expect(options.map((o) => [o.value, o.label])).toEqual([
      ['a', 'Li Lei (13900000001)'],
      ['b', '王芳 (13800000002)'],
    ]);
  });

  it('matches any searchable part, ignoring case and surrounding spaces', () => {
    const hits = (input: string) => options.filter((o) => matchesPickerInput(input, o)).map((o) => o.value);
    expect(hits(' li ')).toEqual(['a']);
    expect(hits('王')).toEqual(['b']);
    expect(hits('0002')).toEqual(['b']);
    expect(hits('x9')).toEqual(['b']);
    expect(hits('张')).toEqual([]);
    expect(matchesPickerInput('a', undefined)).toBe(false);
  });
});

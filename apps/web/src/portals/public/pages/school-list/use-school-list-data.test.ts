import { describe, expect, it } from 'vitest';
import { schoolListPageSize, toSchoolListQuery, toSearchParams } from './use-school-list-data.ts';

describe('toSchoolListQuery', () => {
  it('reads filters and page from the URL', () => {
    const query = toSchoolListQuery(
      new URLSearchParams('countyCode=370102&licenceClass=C1&q=%20顺达%20&page=3'),
    );

    expect(query).toEqual({
      countyCode: '370102',
      licenceClass: 'C1',
      q: '顺达',
      page: 3,
      pageSize: schoolListPageSize,
    });
  });

  it('drops values the server would reject', () => {
    const query = toSchoolListQuery(new URLSearchParams('countyCode=abc&licenceClass=Z9&q=%20&page=-2'));

    expect(query).toEqual({
      countyCode: undefined,
      licenceClass: undefined,
      q: undefined,
      page: 1,
      pageSize: schoolListPageSize,
    });
  });
});

describe('toSearchParams', () => {
  it('writes only what is set, and page only past the first', () => {
    expect(toSearchParams({ countyCode: '370102', page: 1, pageSize: 20 })).toEqual({ countyCode: '370102' });
    expect(toSearchParams({ q: '顺达', page: 2, pageSize: 20 })).toEqual({ q: '顺达', page: '2' });
  });
});

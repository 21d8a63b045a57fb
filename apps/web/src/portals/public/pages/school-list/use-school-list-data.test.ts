import { describe, expect, it } from 'vitest';
import { toSchoolListState, toSchoolQuery, toSearchParams } from './use-school-list-data.ts';

describe('toSchoolListState', () => {
  it('reads point, filters, sort, page and view from the URL', () => {
    const state = toSchoolListState(
      new URLSearchParams(
        'lat=36.666&lon=117.076&district=370102&grade=1&licenceClass=C1&minPrice=3000&maxPrice=5000&minRating=4&minPassRate=80&q=%20顺达%20&sort=rating&page=3&view=map',
      ),
    );

    expect(state).toEqual({
      lat: 36.666,
      lon: 117.076,
      district: '370102',
      grade: 1,
      licenceClass: 'C1',
      minPriceYuan: 3000,
      maxPriceYuan: 5000,
      minRating: 4,
      minPassRate: 80,
      q: '顺达',
      sort: 'rating',
      page: 3,
      view: 'map',
    });
  });

  it('drops values the server would reject, and a distance sort without a point', () => {
    const state = toSchoolListState(
      new URLSearchParams(
        'lat=95&lon=117&countyCode=abc&grade=4&licenceClass=Z9&minRating=9&q=%20&sort=distance&page=-2',
      ),
    );

    expect(state).toEqual({
      district: undefined,
      grade: undefined,
      licenceClass: undefined,
      minPriceYuan: undefined,
      maxPriceYuan: undefined,
      minRating: undefined,
      minPassRate: undefined,
      q: undefined,
      sort: undefined,
      page: 1,
      view: 'list',
    });
  });

  it('still reads the older countyCode name', () => {
    expect(toSchoolListState(new URLSearchParams('countyCode=370103')).district).toBe('370103');
  });
});

describe('toSearchParams', () => {
  it('writes only what is set, and page only past the first', () => {
    expect(toSearchParams({ district: '370102', page: 1, view: 'list' })).toEqual({ district: '370102' });
    expect(toSearchParams({ q: '顺达', page: 2, view: 'map' })).toEqual({
      q: '顺达',
      page: '2',
      view: 'map',
    });
  });
});

describe('toSchoolQuery', () => {
  it('sends prices in 分 and the pass rate as a fraction', () => {
    expect(
      toSchoolQuery({ minPriceYuan: 3000, maxPriceYuan: 4500, minPassRate: 85, page: 2, view: 'list' }, 20),
    ).toEqual({ minPriceFen: 300_000, maxPriceFen: 450_000, minPassRate: 0.85, page: 2, pageSize: 20 });
  });

  it('sends the point only as a pair', () => {
    expect(toSchoolQuery({ lat: 36.6, lon: 117, sort: 'distance', page: 1, view: 'list' })).toMatchObject({
      lat: 36.6,
      lon: 117,
      sort: 'distance',
    });
  });
});

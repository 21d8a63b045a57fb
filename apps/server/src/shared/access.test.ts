import { describe, expect, it } from 'vitest';
import { canAccessSchool, isInRegion, regionPrefix, type Actor } from './access.ts';

const actor = (over: Partial<Actor>): Actor => ({
  userId: 'u',
  username: 'u',
  role: 'regulator_city',
  regionCode: null,
  schoolId: null,
  coachId: null,
  traineeId: null,
  ...over,
});

describe('access scopes', () => {
  it('derives the GB/T 2260 prefix of province, city and county codes', () => {
    expect(regionPrefix('370000')).toBe('37');
    expect(regionPrefix('370100')).toBe('3701');
    expect(regionPrefix('370102')).toBe('370102');
  });

  it('places a county inside its city and province but not a neighbour', () => {
    expect(isInRegion('370100', '370102')).toBe(true);
    expect(isInRegion('370000', '370102')).toBe(true);
    expect(isInRegion('370102', '370103')).toBe(false);
    expect(isInRegion('370100', '371002')).toBe(false);
  });

  it('lets a school user see only their school and a regulator only their subtree', () => {
    const school = { id: 's1', countyCode: '370102' };

    expect(canAccessSchool(actor({ role: 'school_admin', schoolId: 's1' }), school)).toBe(true);
    expect(canAccessSchool(actor({ role: 'school_admin', schoolId: 's2' }), school)).toBe(false);
    expect(canAccessSchool(actor({ role: 'regulator_county', regionCode: '370103' }), school)).toBe(false);
    expect(canAccessSchool(actor({ role: 'regulator_city', regionCode: '370100' }), school)).toBe(true);
    expect(canAccessSchool(actor({ role: 'regulator_city', regionCode: null }), school)).toBe(false);
  });
});

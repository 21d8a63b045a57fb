import { describe, expect, it } from 'vitest';
import { afterLoginPath, loginUrlFor, portalOfPath, portalPath } from './paths.ts';

describe('portalOfPath', () => {
  it('finds the portal from the path prefix', () => {
    expect(portalOfPath('/school')).toBe('school');
    expect(portalOfPath('/school/coaches')).toBe('school');
    expect(portalOfPath('/regulator/login')).toBe('regulator');
    expect(portalOfPath('/')).toBe('public');
    expect(portalOfPath('/login')).toBe('public');
  });

  it('does not mistake a longer segment for a portal prefix', () => {
    expect(portalOfPath('/schools')).toBe('public');
    expect(portalOfPath('/regulators/x')).toBe('public');
  });
});

describe('portalPath', () => {
  it('joins the base and a relative route path', () => {
    expect(portalPath('school', '')).toBe('/school');
    expect(portalPath('school', 'coaches')).toBe('/school/coaches');
    expect(portalPath('public', '')).toBe('/');
    expect(portalPath('public', 'login')).toBe('/login');
  });
});

describe('loginUrlFor', () => {
  it('adds the page to return to, unless it is the home page', () => {
    expect(loginUrlFor('regulator', '/regulator/schools?x=1')).toBe(
      '/regulator/login?redirect=%2Fregulator%2Fschools%3Fx%3D1',
    );
    expect(loginUrlFor('regulator', '/regulator')).toBe('/regulator/login');
    expect(loginUrlFor('public')).toBe('/login');
  });
});

describe('afterLoginPath', () => {
  it('returns to a page of the same portal', () => {
    expect(afterLoginPath('school', '/school/coaches?page=2')).toBe('/school/coaches?page=2');
    expect(afterLoginPath('school', '/school?tab=coaches')).toBe('/school?tab=coaches');
    expect(afterLoginPath('public', '/?countyCode=370102')).toBe('/?countyCode=370102');
  });

  it('ignores redirects to other portals, other hosts or the login page', () => {
    expect(afterLoginPath('school', '/regulator')).toBe('/school');
    expect(afterLoginPath('school', '//evil.example/school')).toBe('/school');
    expect(afterLoginPath('school', 'https://evil.example/school')).toBe('/school');
    expect(afterLoginPath('public', '/\\evil.example')).toBe('/');
    expect(afterLoginPath('school', '/school/login')).toBe('/school');
    expect(afterLoginPath('school', '/school/login?redirect=%2Fschool')).toBe('/school');
    expect(afterLoginPath('public', '/login')).toBe('/');
    expect(afterLoginPath('regulator', null)).toBe('/regulator');
  });
});

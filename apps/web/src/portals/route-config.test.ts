import { describe, expect, it } from 'vitest';
import { toAccess } from '../access.ts';
import { menuRoutes, selectedMenuKey } from './route-config.ts';

describe('menuRoutes', () => {
  const routes = [
    { path: '', access: undefined },
    { path: 'coaches', access: 'canReadSchoolCoaches' as const },
    { path: 'settings', hideInMenu: true },
  ];

  it('keeps the routes the user may open and that belong in the menu', () => {
    expect(menuRoutes(routes, toAccess(['school.coaches.read'])).map((r) => r.path)).toEqual(['', 'coaches']);
  });

  it('hides routes the user lacks the permission for', () => {
    expect(menuRoutes(routes, toAccess([])).map((r) => r.path)).toEqual(['']);
  });
});

describe('selectedMenuKey', () => {
  const keys = ['/school', '/school/coaches'];

  it('picks the most specific matching key', () => {
    expect(selectedMenuKey('/school/coaches/42', keys)).toBe('/school/coaches');
    expect(selectedMenuKey('/school', keys)).toBe('/school');
    expect(selectedMenuKey('/school/', keys)).toBe('/school');
  });

  it('matches whole segments only', () => {
    expect(selectedMenuKey('/school/coachesx', keys)).toBe('/school');
  });
});

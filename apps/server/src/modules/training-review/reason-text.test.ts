import { describe, expect, it } from 'vitest';
import { reasonCatalogue } from '../training-hours/index.ts';
import { reasonTexts } from './reason-text.ts';

describe('reasonTexts', () => {
  it('uses the engine catalogue for every code it produces', () => {
    for (const code of Object.keys(reasonCatalogue) as (keyof typeof reasonCatalogue)[]) {
      expect(reasonTexts([code])).toEqual([{ code, text: reasonCatalogue[code].zh }]);
    }
  });

  it('shows a code the engine does not know as the raw code', () => {
    expect(reasonTexts(['mileage_under_100m'])).toEqual([
      { code: 'mileage_under_100m', text: 'mileage_under_100m' },
    ]);
  });
});

import { createIntl } from 'react-intl';
import { describe, expect, it } from 'vitest';
import enAnomaly from '../../i18n/en-US/anomaly.json';
import { messagesByLocale } from '../../i18n/index.ts';
import zhAnomaly from '../../i18n/zh-CN/anomaly.json';
import { detectorIds, detectorName, findingSentence } from './wording.ts';

const zh = createIntl({ locale: 'zh-CN', messages: messagesByLocale['zh-CN'] });
const en = createIntl({ locale: 'en-US', messages: messagesByLocale['en-US'] });

describe('finding wording', () => {
  it('names every detector and has a sentence for it in both languages', () => {
    for (const d of detectorIds) {
      for (const catalog of [zhAnomaly, enAnomaly] as Record<string, string>[]) {
        expect(catalog[`anomaly.detector.${d}`], d).toBeTruthy();
        expect(catalog[`anomaly.finding.${d}`], d).toBeTruthy();
      }
    }
  });

  it('puts the evidence numbers into the sentence', () => {
    const finding = {
      detector: 'pulse-gnss-mismatch',
      evidence: { points: 18, durationS: 170, meanRecorderKmh: 26.4, meanGnssKmh: 0 },
    };
    expect(findingSentence(zh, finding)).toContain('26.4');
    expect(findingSentence(zh, finding)).toContain('170');
    expect(findingSentence(en, finding)).toContain('26.4 km/h');
    expect(detectorName(zh, 'pulse-gnss-mismatch')).toBe(zhAnomaly['anomaly.detector.pulse-gnss-mismatch']);
  });

  it('words 交叉培训 and survives a missing number or an unknown detector', () => {
    const overlap = { detector: 'trainee-overlap', evidence: { overlapS: 600, kinds: 'practical+theory' } };
    expect(findingSentence(zh, overlap)).toContain(zhAnomaly['anomaly.kinds.mixed']);
    expect(findingSentence(zh, { detector: 'teleport', evidence: { jumpM: 800 } })).toContain('?');
    expect(findingSentence(zh, { detector: 'photo-reuse', evidence: { photos: 2 } })).toBe('{"photos":2}');
    expect(detectorName(zh, 'photo-reuse')).toBe('photo-reuse');
  });
});

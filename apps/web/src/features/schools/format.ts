import type { IntlShape } from 'react-intl';

/** "850 米" under a kilometre, "3.2 公里" beyond (one decimal up to 100 km). */
export function formatDistance(distanceM: number, intl: IntlShape): string {
  if (distanceM < 1000) {
    return intl.formatMessage({ id: 'public.format.metres' }, { value: Math.round(distanceM) });
  }
  const km = distanceM / 1000;
  return intl.formatMessage(
    { id: 'public.format.kilometres' },
    { value: intl.formatNumber(km, { maximumFractionDigits: km < 100 ? 1 : 0 }) },
  );
}

/** 0.873 -> "87.3%". */
export function formatRate(rate: number, intl: IntlShape): string {
  return intl.formatNumber(rate, { style: 'percent', maximumFractionDigits: 1 });
}

/** 4.26 -> "4.3". */
export function formatStars(stars: number, intl: IntlShape): string {
  return intl.formatNumber(stars, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

/**
 * WGS-84 centres of the demo city's districts (the same points the demo seed spreads schools around),
 * for "near a district centre" when the browser's location is unknown or refused. The regions API
 * carries no coordinates; a real deployment would add them to the regions table.
 */
export const districtCentres: Readonly<Record<string, readonly [number, number]>> = {
  '370102': [36.666, 117.076], // 历下区
  '370103': [36.651, 116.998], // 市中区
  '370104': [36.651, 116.901], // 槐荫区
  '370105': [36.694, 116.987], // 天桥区
  '370112': [36.69, 117.15], // 历城区
  '370113': [36.554, 116.751], // 长清区
  '370114': [36.714, 117.527], // 章丘区
  '370115': [36.979, 117.173], // 济阳区
  '370116': [36.214, 117.66], // 莱芜区
  '370117': [36.059, 117.811], // 钢城区
  '370124': [36.289, 116.456], // 平阴县
  '370126': [37.31, 117.157], // 商河县
};

/** Jinan's centre: where maps open before anything else is known. */
export const cityCentre: readonly [number, number] = [36.67, 117.02];

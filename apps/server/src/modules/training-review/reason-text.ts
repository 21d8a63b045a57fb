import { isReasonCode, reasonCatalogue } from '../training-hours/index.ts';

/**
 * Reason codes with the engine's plain-Chinese text. A code the catalogue does not know (data written
 * by an older rule version) is still shown, inside a generic sentence: a trainee must always see *a*
 * reason for a voided minute.
 */
export function reasonTexts(codes: readonly string[]) {
  return codes.map((code) => ({
    code,
    text: isReasonCode(code) ? reasonCatalogue[code].zh : `审核未通过（原因代码 ${code}）`,
  }));
}

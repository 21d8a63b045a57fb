import { isReasonCode, reasonCatalogue } from '../training-hours/index.ts';

/**
 * Reason codes with the engine's plain-Chinese text; the engine's catalogue is the only source. A code
 * it does not know (data written by an older rule version) is shown as the raw code, so a trainee still
 * sees that a reason exists and can quote it in an appeal.
 */
export function reasonTexts(codes: readonly string[]) {
  return codes.map((code) => ({
    code,
    text: isReasonCode(code) ? reasonCatalogue[code].zh : code,
  }));
}

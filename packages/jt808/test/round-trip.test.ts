import { describe, expect, it } from 'vitest';
import {
  decode,
  encode,
  toJson,
  type DecodedFragment,
  type DecodedMessage,
  type EncodeInput,
} from '../src/index.ts';
import { fixture, fixtureNames, hex } from './helpers.ts';

/*
 * Conformance: every hand-built fixture (bytes derived field by field from the standard's tables and
 * REFERENCE §1, values in each file's comments) decodes, and encoding the decoded message gives the
 * identical bytes — directly, and through the JSON the CLI prints.
 */
describe('fixtures round trip', () => {
  const names = fixtureNames();

  it('has a fixture for every supported message direction', () => {
    expect(names.length).toBeGreaterThanOrEqual(60);
  });

  for (const name of names) {
    it(`${name}: decode → encode gives identical bytes`, () => {
      const bytes = fixture(name);

      const result = decode(bytes);

      expect(result.ok, JSON.stringify(result)).toBe(true);
      const message = result as DecodedMessage | DecodedFragment;
      const input = (
        message.body === null
          ? { header: message.header, fragment: message.fragment }
          : { header: message.header, body: message.body }
      ) as EncodeInput;
      expect(hex(encode(input))).toBe(hex(bytes));
    });

    it(`${name}: decode → JSON → encode gives identical bytes`, () => {
      const bytes = fixture(name);
      const json = JSON.parse(toJson(decode(bytes))) as EncodeInput & { body: unknown };

      const again =
        json.body === null
          ? { header: json.header, fragment: (json as unknown as { fragment: string }).fragment }
          : json;

      expect(hex(encode(again as EncodeInput))).toBe(hex(bytes));
    });
  }
});

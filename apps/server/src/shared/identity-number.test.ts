import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createIdNumberVault, idNumberCheckChar, isValidIdNumber, maskIdNumber } from './identity-number.ts';

describe('identity numbers (GB 11643)', () => {
  it('computes the MOD 11-2 check character, including X', () => {
    // The standard's worked example: 11010519491231002X.
    expect(idNumberCheckChar('11010519491231002')).toBe('X');
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
  });

  it('rejects a wrong check character, a bad month and a wrong length', () => {
    expect(isValidIdNumber('110105194912310021')).toBe(false);
    expect(isValidIdNumber(`11010519491331002${idNumberCheckChar('11010519491331002')}`)).toBe(false);
    expect(isValidIdNumber('11010519491231002')).toBe(false);
  });

  it('masks all but the region code and the last four', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
  });

  it('encrypts so that the same number gives different ciphertexts but one lookup hash', () => {
    const vault = createIdNumberVault(randomBytes(32));

    const a = vault.protect('11010519491231002X');
    const b = vault.protect('11010519491231002X');

    expect(a.cipher).not.toBe(b.cipher);
    expect(a.hash).toBe(b.hash);
    expect(vault.reveal(a.cipher)).toBe('11010519491231002X');
  });

  it('refuses to reveal with another key', () => {
    const stored = createIdNumberVault(randomBytes(32)).protect('11010519491231002X');

    expect(() => createIdNumberVault(randomBytes(32)).reveal(stored.cipher)).toThrow();
  });
});

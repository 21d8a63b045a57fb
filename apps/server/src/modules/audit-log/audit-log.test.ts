import { describe, expect, it } from 'vitest';
import { canonicalJson, GENESIS_HASH, hashEntry } from './audit-log.service.ts';

describe('audit entry hashing', () => {
  const entry = {
    seq: 1,
    occurredAt: new Date('2026-11-02T01:00:00Z'),
    actorUserId: null,
    actorRole: null,
    action: 'demo.seeded',
    entityType: 'region',
    entityId: '370100',
    regionCode: '370100',
    schoolId: null,
    details: { b: 1, a: [1, { d: 2, c: 3 }] },
    prevHash: GENESIS_HASH,
  };

  it('serialises objects with sorted keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: [1, { d: 2, c: 3 }] })).toBe('{"a":[1,{"c":3,"d":2}],"b":1}');
  });

  it('does not depend on key order but does on every field', () => {
    const reordered = { ...entry, details: { a: [1, { c: 3, d: 2 }], b: 1 } };

    expect(hashEntry(reordered)).toBe(hashEntry(entry));
    expect(hashEntry({ ...entry, action: 'demo.seeded2' })).not.toBe(hashEntry(entry));
    expect(hashEntry({ ...entry, prevHash: 'f'.repeat(64) })).not.toBe(hashEntry(entry));
  });
});

import { createHash, generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalString, HEADERS, signRequest } from './signing.ts';

const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

describe('request signing', () => {
  it('lays out method, path, query, timestamp, nonce and the body hash on separate lines', () => {
    expect(
      canonicalString({
        method: 'post',
        path: '/api/exam-link/results',
        query: '',
        timestamp: 1_790_000_000_000,
        nonce: 'abcdefghijklmnop',
        body: '{"a":1}',
      }),
    ).toBe(`POST\n/api/exam-link/results\n\n1790000000000\nabcdefghijklmnop\n${sha256('{"a":1}')}`);
  });

  it('signs what the server verifies: RSA-SHA256 over the canonical string, query kept as sent', () => {
    const headers = signRequest(
      { clientKey: 'police-1', privateKey },
      { method: 'GET', pathAndQuery: '/api/exam-link/eligibility?after=7&limit=10' },
      { timestamp: 1_790_000_000_000, nonce: 'n0nce-n0nce-n0nce' },
    );
    expect(headers[HEADERS.client]).toBe('police-1');
    expect(headers[HEADERS.timestamp]).toBe('1790000000000');
    const expected = `GET\n/api/exam-link/eligibility\nafter=7&limit=10\n1790000000000\nn0nce-n0nce-n0nce\n${sha256('')}`;
    const signature = Buffer.from(headers[HEADERS.signature]!, 'base64');
    expect(verify('sha256', Buffer.from(expected), publicKey, signature)).toBe(true);
    // Any other query (here the order of its parameters) does not verify.
    const reordered = expected.replace('after=7&limit=10', 'limit=10&after=7');
    expect(verify('sha256', Buffer.from(reordered), publicKey, signature)).toBe(false);
  });

  it('binds the body: the same request with another body does not verify', () => {
    const headers = signRequest(
      { clientKey: 'p', privateKey },
      { method: 'POST', pathAndQuery: '/api/exam-link/bookings', body: '{"part":1}' },
      { timestamp: 1, nonce: 'abcdefghijklmnopq' },
    );
    const signature = Buffer.from(headers[HEADERS.signature]!, 'base64');
    const line = (body: string) => `POST\n/api/exam-link/bookings\n\n1\nabcdefghijklmnopq\n${sha256(body)}`;
    expect(verify('sha256', Buffer.from(line('{"part":1}')), publicKey, signature)).toBe(true);
    expect(verify('sha256', Buffer.from(line('{"part":2}')), publicKey, signature)).toBe(false);
  });

  it('uses a fresh nonce every time unless told', () => {
    const a = signRequest({ clientKey: 'p', privateKey }, { method: 'GET', pathAndQuery: '/x' });
    const b = signRequest({ clientKey: 'p', privateKey }, { method: 'GET', pathAndQuery: '/x' });
    expect(a[HEADERS.nonce]).toMatch(/^[0-9a-f]{32}$/);
    expect(a[HEADERS.nonce]).not.toBe(b[HEADERS.nonce]);
  });
});

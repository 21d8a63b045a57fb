import { createPrivateKey, type KeyObject } from 'node:crypto';
import { signRequest } from './signing.ts';

export type EligibleTrainee = {
  seq: number;
  traineeId: string;
  name: string;
  idNumberMasked: string;
  licenceClass: string;
  schoolId: string;
  schoolName: string;
  part: number;
  eligibleAt: string;
};

export type Receipt = { id: string; duplicate: boolean };

/** A refusal from the server: status, code and the precise reason (`details.reason`) when given. */
export class ExamLinkHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly reason: string | undefined,
    message: string,
  ) {
    super(`${status} ${code}${reason ? ` (${reason})` : ''}: ${message}`);
    this.name = 'ExamLinkHttpError';
  }
}

/** The exam link's API as the police side calls it; every request signed. */
export function createExamLinkClient(options: {
  url: string;
  clientKey: string;
  privateKeyPem: string;
  now?: () => number;
  fetch?: typeof fetch;
}) {
  const base = options.url.replace(/\/+$/, '');
  const privateKey: KeyObject = createPrivateKey(options.privateKeyPem);
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? Date.now;

  async function call<T>(method: 'GET' | 'POST', pathAndQuery: string, body?: object): Promise<T> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers = signRequest(
      { clientKey: options.clientKey, privateKey },
      { method, pathAndQuery, ...(payload !== undefined ? { body: payload } : {}) },
      { timestamp: now() },
    );
    const res = await doFetch(`${base}${pathAndQuery}`, {
      method,
      headers: payload !== undefined ? { ...headers, 'content-type': 'application/json' } : headers,
      ...(payload !== undefined ? { body: payload } : {}),
    });
    const text = await res.text();
    const json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    if (!res.ok) {
      const details = json.details as { reason?: string } | undefined;
      throw new ExamLinkHttpError(
        res.status,
        String(json.code ?? 'unknown'),
        details?.reason,
        String(json.message ?? text),
      );
    }
    return json as T;
  }

  return {
    eligibility(after: number, limit = 100) {
      return call<{ items: EligibleTrainee[]; next: number }>(
        'GET',
        `/api/exam-link/eligibility?after=${after}&limit=${limit}`,
      );
    },
    lookup(idNumber: string, name: string) {
      return call<{
        trainees: Array<{ traineeId: string; parts: Array<{ part: number; eligible: boolean }> }>;
      }>('POST', '/api/exam-link/eligibility/lookup', { idNumber, name });
    },
    book(input: { externalId: string; traineeId: string; part: number; examDate: string }) {
      return call<Receipt>('POST', '/api/exam-link/bookings', input);
    },
    postResult(input: {
      externalId: string;
      traineeId: string;
      part: number;
      examDate: string;
      passed: boolean;
      score: number;
    }) {
      return call<Receipt>('POST', '/api/exam-link/results', input);
    },
  };
}
export type ExamLinkClient = ReturnType<typeof createExamLinkClient>;

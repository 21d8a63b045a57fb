import { describe, expect, it } from 'vitest';
import { ExamLinkHttpError, type EligibleTrainee, type ExamLinkClient } from './client.ts';
import { decideOutcome } from './decide.ts';
import { createPoliceSandbox } from './sandbox.ts';

const trainee = (seq: number, part = 1): EligibleTrainee => ({
  seq,
  traineeId: `t-${seq}`,
  name: `学员${seq}`,
  idNumberMasked: '370102********1234',
  licenceClass: 'C1',
  schoolId: 's-1',
  schoolName: '测试驾校',
  part,
  eligibleAt: '2026-11-01T02:00:00.000Z',
});

/** An in-memory exam link: a feed, and the bookings and results it was sent (by external id). */
function fakeLink(feed: EligibleTrainee[], refuse: (id: string) => Error | null = () => null) {
  const bookings = new Map<string, unknown>();
  const results = new Map<string, { passed: boolean; score: number; part: number }>();
  const calls: number[] = [];
  const client: Pick<ExamLinkClient, 'eligibility' | 'book' | 'postResult'> = {
    async eligibility(after, limit = 100) {
      calls.push(after);
      const items = feed.filter((t) => t.seq > after).slice(0, limit);
      return { items, next: items.at(-1)?.seq ?? after };
    },
    async book(input) {
      const err = refuse(input.traineeId);
      if (err) throw err;
      const duplicate = bookings.has(input.externalId);
      bookings.set(input.externalId, input);
      return { id: input.externalId, duplicate };
    },
    async postResult(input) {
      const duplicate = results.has(input.externalId);
      results.set(input.externalId, input);
      return { id: input.externalId, duplicate };
    },
  };
  return { client, bookings, results, calls };
}

describe('police sandbox', () => {
  it('books and sits every newly eligible trainee once, moving the cursor', async () => {
    const link = fakeLink([trainee(3), trainee(5, 2), trainee(9, 4)]);
    const sandbox = createPoliceSandbox({
      client: link.client,
      passProbability: 0.5,
      seed: 'x',
      pageSize: 2,
      today: () => '2026-11-02',
    });

    expect(await sandbox.tick()).toMatchObject({ seen: 2, booked: 2 });
    expect(sandbox.cursor).toBe(5);
    expect(await sandbox.tick()).toMatchObject({ seen: 1, booked: 1 });
    expect(await sandbox.tick()).toMatchObject({ seen: 0, booked: 0 });
    expect(link.calls).toEqual([0, 5, 9]);

    expect([...link.results.keys()]).toEqual(['rs-t-3-1-1', 'rs-t-5-2-1', 'rs-t-9-4-1']);
    for (const t of [trainee(3), trainee(5, 2), trainee(9, 4)]) {
      const posted = link.results.get(`rs-${t.traineeId}-${t.part}-1`)!;
      expect(posted).toMatchObject(
        decideOutcome({ seed: 'x', traineeId: t.traineeId, part: t.part, attempt: 1, passProbability: 0.5 }),
      );
      expect(posted).toMatchObject({ examDate: '2026-11-02' });
    }
  });

  it('resends the same ids and outcomes after a restart, so the server sees duplicates only', async () => {
    const link = fakeLink([trainee(1), trainee(2)]);
    const first = createPoliceSandbox({ client: link.client, passProbability: 0.5, seed: 'x' });
    await first.tick();
    const before = structuredClone([...link.results]);
    const restarted = createPoliceSandbox({ client: link.client, passProbability: 0.5, seed: 'x' });
    await restarted.tick();
    expect([...link.results]).toEqual(before);
  });

  it('skips a trainee the server refuses for good, but stops at a server or network failure', async () => {
    const refused = fakeLink([trainee(1), trainee(2)], (id) =>
      id === 't-1' ? new ExamLinkHttpError(400, 'request.invalid', 'exam.not_eligible', 'no') : null,
    );
    const a = createPoliceSandbox({ client: refused.client, passProbability: 1 });
    expect(await a.tick()).toMatchObject({ seen: 2, refused: 1, passed: 1 });
    expect(a.cursor).toBe(2);

    const down = fakeLink([trainee(1), trainee(2)], (id) =>
      id === 't-2' ? new TypeError('fetch failed') : null,
    );
    const b = createPoliceSandbox({ client: down.client, passProbability: 1 });
    await expect(b.tick()).rejects.toThrow('fetch failed');
    // t-1 is done; t-2 will be tried again from the cursor.
    expect(b.cursor).toBe(1);
  });

  it('refuses a probability outside 0–1', () => {
    expect(() => createPoliceSandbox({ client: fakeLink([]).client, passProbability: 1.5 })).toThrow();
  });
});

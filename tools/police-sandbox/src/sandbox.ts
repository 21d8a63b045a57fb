import type { ExamLinkClient, EligibleTrainee } from './client.ts';
import { decideOutcome } from './decide.ts';

export type SandboxLog = (message: string, fields?: Record<string, unknown>) => void;

export type SandboxOptions = {
  client: Pick<ExamLinkClient, 'eligibility' | 'book' | 'postResult'>;
  /** Chance a trainee passes a sitting, 0–1. */
  passProbability: number;
  /** Varies outcomes between sandboxes; the same seed repeats the same outcomes. */
  seed?: string;
  /** Today in China (YYYY-MM-DD): the sandbox books and sits each exam the day it sees the trainee. */
  today?: () => string;
  pageSize?: number;
  log?: SandboxLog;
};

export type TickReport = { seen: number; booked: number; passed: number; failed: number; refused: number };

/** Resolves after `ms`, or at once when the signal aborts; leaves no listener behind either way. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

const chinaToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

/**
 * The police side in miniature: reads the eligibility feed from its cursor, books each newly eligible
 * trainee's exam and posts one result. Ids are derived from trainee and part (`bk-…`, `rs-…-1`), so a
 * restarted sandbox that reads the feed from 0 again resends the same records and the server answers
 * "duplicate" instead of storing them twice.
 */
export function createPoliceSandbox(options: SandboxOptions) {
  const { client, passProbability } = options;
  if (!(passProbability >= 0 && passProbability <= 1)) throw new Error('passProbability must be within 0–1');
  const seed = options.seed ?? 'police-sandbox';
  const today = options.today ?? chinaToday;
  const pageSize = options.pageSize ?? 100;
  const log: SandboxLog = options.log ?? (() => {});
  let cursor = 0;

  async function sit(trainee: EligibleTrainee, report: TickReport) {
    const examDate = today();
    await client.book({
      externalId: `bk-${trainee.traineeId}-${trainee.part}`,
      traineeId: trainee.traineeId,
      part: trainee.part,
      examDate,
    });
    report.booked++;
    const outcome = decideOutcome({
      seed,
      traineeId: trainee.traineeId,
      part: trainee.part,
      attempt: 1,
      passProbability,
    });
    const receipt = await client.postResult({
      externalId: `rs-${trainee.traineeId}-${trainee.part}-1`,
      traineeId: trainee.traineeId,
      part: trainee.part,
      examDate,
      ...outcome,
    });
    if (outcome.passed) report.passed++;
    else report.failed++;
    log('exam result posted', {
      trainee: trainee.name,
      school: trainee.schoolName,
      part: trainee.part,
      ...outcome,
      duplicate: receipt.duplicate,
    });
  }

  return {
    get cursor() {
      return cursor;
    },

    /**
     * One poll: every trainee on the page is booked and sat. The cursor moves past a trainee only once
     * its records are stored or refused for good (4xx), so a network failure retries on the next tick.
     */
    async tick(): Promise<TickReport> {
      const report: TickReport = { seen: 0, booked: 0, passed: 0, failed: 0, refused: 0 };
      const page = await client.eligibility(cursor, pageSize);
      for (const trainee of page.items) {
        report.seen++;
        try {
          await sit(trainee, report);
        } catch (err) {
          const status = (err as { status?: number }).status;
          if (status === undefined || status >= 500) throw err;
          report.refused++;
          log('exam record refused', { trainee: trainee.traineeId, part: trainee.part, error: String(err) });
        }
        cursor = trainee.seq;
      }
      if (page.items.length === 0) cursor = Math.max(cursor, page.next);
      return report;
    },

    /** Polls every `intervalSeconds` until the signal aborts; a failed poll is logged and retried. */
    async run(intervalSeconds: number, signal: AbortSignal): Promise<void> {
      while (!signal.aborted) {
        try {
          const report = await this.tick();
          if (report.seen > 0) log('poll', { ...report, cursor });
        } catch (err) {
          log('poll failed', { error: String(err) });
        }
        await sleep(intervalSeconds * 1000, signal);
      }
    },
  };
}
export type PoliceSandbox = ReturnType<typeof createPoliceSandbox>;

import type { FastifyBaseLogger } from 'fastify';
import type { App } from '../app.ts';

/** Background work of the jobs edge (ROLE all | jobs): periodic loops, each stopped by `stop()`. */
export type Jobs = { stop(): Promise<void> };

type Loop = { name: string; everyMs: number; run: () => Promise<unknown> };

/**
 * Loops, each run after the previous one finished (never overlapping) and every `everyMs`:
 * - `trainingHours.assembleAndAudit`: finished terminal sessions → teaching logs, then the audit of
 *   trainees whose logs are due (new logs, a changed rule set, an override). Both steps are idempotent
 *   on natural keys (the sign-in, the record number), so a crash mid-run is repaired by the next run,
 *   and two jobs processes would only repeat work.
 * - `events.dispatch`: the domain-event outbox safety net (events published by a request are normally
 *   dispatched right after it commits); subscribers are idempotent.
 * - `complaints.detectOverdue`: complaints the school left past its deadline go to the regulator,
 *   unrated replies close, the public complaint rate's 12-month window moves; each change is
 *   conditioned on the status it changes, so a repeated run does nothing more.
 * - `workOrders.applyDeadlines`: reminders a day before a work order's deadline and escalation one level
 *   up once it passed; each conditioned on the order still waiting and on not having been done before.
 * - `manualReview.sample`: audited terminal teaching logs not yet looked at are sampled for 人工审核 at
 *   their city's ratio (each log once, recorded in review_samples, so a repeated run finds nothing new).
 * - `escrow.releaseDueHours`: hours-plan contracts whose trainee's credited minutes grew since the last
 *   release get the value of the new hours released (keyed on the minute count, so repeats are no-ops).
 * - `keySupervision.syncSearchFlags`: the public search's 重点监管 flag follows entries that start or end
 *   with the calendar (writes set it at once); only rows that differ are written.
 * - `anomaly.scoreClosedSessions`: audited terminal sessions queued in `anomaly_due` get their risk
 *   score and findings; re-scoring replaces them and the flag event goes out once per session.
 * - `anomaly.runRescores`: one queued bulk re-scoring run (POST /api/regulator/anomalies/rescore) per round,
 *   progress written after every batch; a run a dead process left `running` is queued again (or failed
 *   after 3 starts). Scoring is idempotent, so a restarted run only repeats work. On stop the run in hand
 *   goes back to the queue after its current batch instead of holding up the shutdown for minutes.
 */
export function startJobs(app: App, log: FastifyBaseLogger): Jobs {
  const stopping = new AbortController();
  const loops: Loop[] = [
    {
      name: 'trainingHours.assembleAndAudit',
      everyMs: 5_000,
      run: async () => {
        let assembled = 0;
        let audited = 0;
        // Drain in batches, but hand the event loop back between batches.
        for (let i = 0; i < 20; i++) {
          const a = await app.trainingHours.assembleFinishedSessions(500);
          const t = await app.trainingHours.auditDue(50);
          assembled += a;
          audited += t;
          if (a === 0 && t === 0) break;
        }
        if (assembled || audited) log.info({ assembled, auditedTrainees: audited }, 'teaching logs audited');
      },
    },
    { name: 'events.dispatch', everyMs: 3_000, run: () => app.events.dispatchPending(app.db) },
    {
      name: 'anomaly.scoreClosedSessions',
      everyMs: 10_000,
      run: async () => {
        let scored = 0;
        let flagged = 0;
        // A few batches per round; a backlog (say a city re-audited) drains over the next rounds.
        for (let i = 0; i < 10; i++) {
          const r = await app.anomaly.scoreDue(200);
          scored += r.scored;
          flagged += r.flagged.length;
          if (r.scored === 0) break;
        }
        if (scored) log.info({ scored, flagged }, 'sessions scored for anomalies');
      },
    },
    {
      name: 'anomaly.runRescores',
      everyMs: 5_000,
      run: async () => {
        const run = await app.anomaly.runNextRescore({ signal: stopping.signal });
        if (!run) return;
        const outcome = {
          runId: run.id,
          status: run.status,
          sessions: run.sessionsScored,
          flagged: run.flagged,
        };
        if (run.status === 'failed') {
          log.error({ ...outcome, error: run.error }, 'anomaly re-scoring run failed');
        } else {
          log.info(outcome, 'anomaly re-scoring run ended');
        }
      },
    },
    {
      name: 'manualReview.sample',
      everyMs: 10_000,
      run: async () => {
        const r = await app.manualReview.sampleDue(500);
        if (r.queued) log.info(r, 'teaching logs sampled for manual review');
      },
    },
    {
      name: 'complaints.detectOverdue',
      everyMs: 60_000,
      run: async () => {
        const r = await app.complaints.detectOverdue();
        if (r.escalated || r.closed) log.info(r, 'complaint deadlines applied');
      },
    },
    {
      name: 'workOrders.applyDeadlines',
      everyMs: 60_000,
      run: async () => {
        const r = await app.workOrders.applyDeadlines();
        if (r.reminded || r.escalated) log.info(r, 'work-order reminders and escalations');
      },
    },
    {
      name: 'escrow.releaseDueHours',
      everyMs: 30_000,
      run: async () => {
        const r = await app.escrow.releaseDueHours();
        if (r.released) log.info(r, 'per-hour escrow releases');
      },
    },
    {
      name: 'keySupervision.syncSearchFlags',
      everyMs: 600_000,
      run: async () => {
        const changed = await app.keySupervision.syncSearchFlags();
        if (changed) log.info({ changed }, 'key-supervision search flags followed the calendar');
      },
    },
  ];

  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();
  const running = new Set<Promise<unknown>>();

  const schedule = (loop: Loop) => {
    if (stopped) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      const done = loop
        .run()
        .catch((err: unknown) => log.error({ err, job: loop.name }, 'job failed; retried next round'))
        .finally(() => {
          running.delete(done);
          schedule(loop);
        });
      running.add(done);
    }, loop.everyMs);
    timers.add(timer);
  };
  loops.forEach(schedule);

  return {
    async stop() {
      stopped = true;
      stopping.abort();
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await Promise.all([...running]);
    },
  };
}

/**
 * Scores a batch of closed terminal sessions: load their telemetry (anomaly.loader.ts), run every
 * per-session detector, the replay check against the same car's earlier fingerprints, the overlap
 * detectors against every log overlapping in time, and the out-of-fence verdicts of the audit; then
 * store risk, findings and fingerprints in one transaction that also publishes
 * `anomaly.session_flagged` for sessions reaching high for the first time.
 *
 * Idempotent: scoring a session again replaces its findings and fingerprint and updates its risk row
 * in place; the event goes out only once per session (`session_risks.flagged_at`).
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import type { AuditLogService } from '../audit-log/index.ts';
import type { Actor } from '../../shared/access.ts';
import type { Clock } from '../../shared/clock.ts';
import type { DomainEventBus } from '../../shared/domain-events.ts';
import * as detectors from './detectors.ts';
import {
  detectCoachOverlap,
  detectSessionAnomalies,
  detectTraineeOverlap,
  detectVehicleOverlap,
  REPLAY,
  trackFingerprint,
  type EarlierTrack,
  type Finding,
  type SessionFinding,
  type SessionInterval,
  type TrackFingerprint,
} from './detectors.ts';
import * as riskRules from './risk-score.ts';
import { scoreSession } from './risk-score.ts';
import { loadSessionInputs, type SessionInputs } from './anomaly.loader.ts';
import type {
  AnomalyRepository,
  FindingWrite,
  FingerprintWrite,
  RiskWrite,
  SessionRow,
} from './anomaly.repository.ts';
import { detectOutOfFence, OUT_OF_FENCE_WEIGHT, type OutOfFenceFinding } from './out-of-fence.ts';

/** How far back a replayed track is looked for among the car's earlier sessions. */
export const REPLAY_LOOKBACK_MS = 30 * 24 * 3_600_000;

/** Every finding the scorer stores: the pure detectors' and the audit's out-of-fence. */
export type AnyFinding = Finding | OutOfFenceFinding;

/**
 * A short hash of every threshold and weight in force (the exported constants of detectors.ts and
 * risk-score.ts, plus the out-of-fence weight), stored with each risk row: after a recalibration the
 * rows scored under the old numbers are the ones with another version.
 */
export const RULESET_VERSION = (() => {
  const constants = Object.entries({ ...detectors, ...riskRules })
    .filter(([, v]) => typeof v === 'object' && v !== null)
    .sort(([a], [b]) => a.localeCompare(b));
  return createHash('sha256')
    .update(JSON.stringify([constants, OUT_OF_FENCE_WEIGHT]))
    .digest('hex')
    .slice(0, 12);
})();

/**
 * `session_fingerprints.points` holds each sample as [latitude, longitude, elapsedS] (the seconds from
 * the first fix, which the timed replay tier compares); rows stored as pairs compare by shape only.
 */
export function toStoredPoints(fp: TrackFingerprint): number[][] {
  return fp.points.map(([lat, lon], i) => (fp.elapsedS ? [lat, lon, fp.elapsedS[i]!] : [lat, lon]));
}

export function fromStoredPoints(pathM: number, stored: number[][]): TrackFingerprint {
  const points = stored.map(([lat, lon]) => [lat!, lon!] as [number, number]);
  const timed = stored.length > 0 && stored.every((p) => p.length >= 3);
  return timed ? { pathM, points, elapsedS: stored.map((p) => p[2]!) } : { pathM, points };
}

/** The Beijing calendar day of an instant. */
export const beijingDay = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

export type BatchResult = { scored: number; flagged: string[]; levels: Record<string, number> };

/** Where a batch's time goes (milliseconds, summed over batches): the benchmark's breakdown. */
export type ScoringTimings = { loadMs: number; detectMs: number; storeMs: number };

export function createAnomalyScorer(deps: {
  repo: AnomalyRepository;
  clock: Clock;
  audit: AuditLogService;
  events: DomainEventBus;
}) {
  const { repo, clock, audit, events } = deps;

  /** Earlier tracks of the same car for each session: stored ones plus earlier sessions of this batch. */
  async function earlierTracks(
    db: Kysely<DB>,
    inputs: readonly SessionInputs[],
    fingerprints: readonly (TrackFingerprint | null)[],
  ): Promise<EarlierTrack[][]> {
    const out: EarlierTrack[][] = inputs.map(() => []);
    const asked = inputs.flatMap((x, i) =>
      x.session.vehicleId && fingerprints[i]
        ? [
            {
              i,
              vehicleId: x.session.vehicleId,
              startedAt: x.session.startedAt,
              pathM: fingerprints[i]!.pathM,
            },
          ]
        : [],
    );
    const stored = await repo.findEarlierFingerprints(
      db,
      asked,
      inputs.map((x) => x.session.id),
      REPLAY_LOOKBACK_MS,
      REPLAY.maxLengthRatioDiff,
    );
    for (const f of stored) {
      out[asked[f.idx - 1]!.i]!.push({
        sessionId: f.teachingLogId,
        startedAtMs: f.startedAt.getTime(),
        fingerprint: fromStoredPoints(f.pathM, f.points),
      });
    }
    // Within the batch (sessions are in start order): each earlier session of the same car whose length
    // is close enough, as the stored ones were filtered in SQL.
    const seen = new Map<string, { i: number }[]>();
    for (const { i, vehicleId, startedAt, pathM } of asked) {
      const before = seen.get(vehicleId) ?? [];
      for (const { i: j } of before) {
        const other = fingerprints[j]!;
        const s = inputs[j]!.session;
        const ratio = Math.min(pathM, other.pathM) / Math.max(pathM, other.pathM);
        if (
          1 - ratio <= REPLAY.maxLengthRatioDiff &&
          s.startedAt.getTime() < startedAt.getTime() &&
          startedAt.getTime() - s.startedAt.getTime() <= REPLAY_LOOKBACK_MS
        ) {
          out[i]!.push({ sessionId: s.id, startedAtMs: s.startedAt.getTime(), fingerprint: other });
        }
      }
      before.push({ i });
      seen.set(vehicleId, before);
    }
    return out;
  }

  /** Overlap findings of the batch's sessions, and partners outside the batch that must be re-scored. */
  async function overlaps(db: Kysely<DB>, sessions: readonly SessionRow[]) {
    const rows = await repo.findOverlapCandidates(db, sessions);
    const intervals: SessionInterval[] = rows.map((r) => ({
      sessionId: r.id,
      traineeId: r.traineeId,
      coachId: r.coachId,
      vehicleId: r.vehicleId,
      kind: r.source === 'classroom' || r.source === 'remote' ? 'theory' : 'practical',
      startMs: r.startedAt.getTime(),
      endMs: r.endedAt.getTime(),
    }));
    const found: SessionFinding[] = [
      ...detectTraineeOverlap(intervals),
      ...detectCoachOverlap(intervals),
      ...detectVehicleOverlap(intervals),
    ];
    const inBatch = new Set(sessions.map((s) => s.id));
    const bySession = new Map<string, Finding[]>();
    const partnerPairs: { partnerId: string; sessionId: string; detector: string }[] = [];
    for (const { sessionId, ...f } of found) {
      if (inBatch.has(sessionId)) {
        const list = bySession.get(sessionId) ?? [];
        list.push(f);
        bySession.set(sessionId, list);
      } else {
        partnerPairs.push({
          partnerId: sessionId,
          sessionId: String(f.evidence.otherSessionId),
          detector: f.detector,
        });
      }
    }
    return { bySession, partnerPairs };
  }

  /**
   * Scores the given sessions (terminal logs only; others are skipped) as one batch and stores the
   * outcome. `actor` is who asked (null: the jobs loop), for the audit entry.
   */
  async function scoreBatch(
    db: Kysely<DB>,
    sessions: readonly SessionRow[],
    options: {
      actor?: Pick<Actor, 'userId' | 'role'> | null;
      /** More writes of the caller that must commit with the scores (the jobs loop clears its queue). */
      afterStore?: (tx: Kysely<DB>) => Promise<void>;
      timings?: ScoringTimings;
      /**
       * The batch's telemetry, already loading (a bulk run fetches the next batch while this one is
       * scored); loaded here when absent. The replay and overlap inputs are always read here, after the
       * previous batch stored its fingerprints and findings.
       */
      inputs?: Promise<SessionInputs[]>;
    } = {},
  ): Promise<BatchResult> {
    const levels: Record<string, number> = { none: 0, low: 0, medium: 0, high: 0 };
    if (sessions.length === 0) {
      if (options.afterStore) await db.transaction().execute(options.afterStore);
      return { scored: 0, flagged: [], levels };
    }
    let mark = performance.now();
    const lap = (phase: keyof ScoringTimings) => {
      const now = performance.now();
      if (options.timings) options.timings[phase] += now - mark;
      mark = now;
    };
    const inputs = await (options.inputs ?? loadSessionInputs(db, repo, sessions));
    const fingerprints = inputs.map((x) => trackFingerprint(x.track));
    const earlier = await earlierTracks(db, inputs, fingerprints);
    const { bySession: overlapFindings, partnerPairs } = await overlaps(db, sessions);
    lap('loadMs');

    const now = clock.now();
    const risks: RiskWrite[] = [];
    const findings: FindingWrite[] = [];
    const prints: FingerprintWrite[] = [];
    const highs = new Map<string, { session: SessionRow; score: number; detectors: string[] }>();
    inputs.forEach((x, i) => {
      const s = x.session;
      const all: AnyFinding[] = [
        ...detectSessionAnomalies({
          track: x.track,
          minutes: x.minutes,
          messages: x.messages,
          earlierTracks: earlier[i]!,
          photos: x.photos,
        }),
        ...detectOutOfFence(x.fenceMinutes),
        ...(overlapFindings.get(s.id) ?? []),
      ];
      // scoreSession counts each detector once by its id and the finding's own score, so the
      // out-of-fence finding (an id detectors.ts does not know) is counted by the same rule.
      const risk = scoreSession(all as Finding[]);
      const day = beijingDay(s.startedAt.getTime());
      const detectorIds = risk.contributions.map((c) => c.detector as string);
      levels[risk.level] = (levels[risk.level] ?? 0) + 1;
      risks.push({
        teachingLogId: s.id,
        schoolId: s.schoolId,
        countyCode: s.countyCode,
        sessionDay: day,
        startedAt: s.startedAt.toISOString(),
        score: risk.score,
        level: risk.level,
        detectors: detectorIds,
        contributions: risk.contributions,
        rulesetVersion: RULESET_VERSION,
        computedAt: now.toISOString(),
      });
      for (const f of risk.findings) {
        findings.push({
          teachingLogId: s.id,
          countyCode: s.countyCode,
          sessionDay: day,
          detector: f.detector,
          severity: f.severity,
          score: f.score,
          counted: f.countedPoints > 0,
          evidence: f.evidence,
          latitude: f.at?.latitude ?? null,
          longitude: f.at?.longitude ?? null,
          fromAt: new Date(f.fromMs).toISOString(),
          toAt: new Date(f.toMs).toISOString(),
        });
      }
      const fp = fingerprints[i];
      if (fp && s.vehicleId) {
        prints.push({
          teachingLogId: s.id,
          vehicleId: s.vehicleId,
          startedAt: s.startedAt.toISOString(),
          pathM: fp.pathM,
          points: toStoredPoints(fp),
        });
      }
      if (risk.level === 'high') highs.set(s.id, { session: s, score: risk.score, detectors: detectorIds });
    });

    lap('detectMs');

    const ids = sessions.map((s) => s.id);
    const flagged = await db.transaction().execute(async (tx) => {
      const newlyFlagged = await repo.saveRisks(tx, risks, now);
      await repo.replaceFindings(tx, ids, findings);
      await repo.saveFingerprints(tx, ids, prints);
      // A partner already scored learns of the overlap by being scored again.
      await repo.enqueue(tx, await repo.partnersMissingFinding(tx, partnerPairs));
      await events.publishMany(
        tx,
        'anomaly.session_flagged',
        newlyFlagged.map((id) => {
          const h = highs.get(id)!;
          return {
            teachingLogId: id,
            schoolId: h.session.schoolId,
            regionCode: h.session.countyCode,
            score: h.score,
            detectors: h.detectors,
          };
        }),
      );
      await audit.append(tx, options.actor ?? null, {
        action: 'anomaly.sessions.scored',
        entityType: 'session_risk',
        details: {
          sessions: ids.length,
          levels,
          // One entry per batch (a province-day is 40), naming the sessions it flagged.
          flagged: newlyFlagged,
          rulesetVersion: RULESET_VERSION,
        },
      });
      if (options.afterStore) await options.afterStore(tx);
      return newlyFlagged;
    });
    lap('storeMs');
    return { scored: sessions.length, flagged, levels };
  }

  return {
    scoreBatch,
    /** Starts loading a batch's telemetry (to pass as `inputs` to scoreBatch). */
    load: (db: Kysely<DB>, sessions: readonly SessionRow[]) => loadSessionInputs(db, repo, sessions),
  };
}

export type AnomalyScorer = ReturnType<typeof createAnomalyScorer>;

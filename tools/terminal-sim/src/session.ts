import { formatCourseCode } from '@jiapei/jt808';
import type { FleetCar } from './fleet-file.ts';
import { DEFAULT_PROFILE_SETTINGS, type CarProfile, type ProfileSettings } from './profiles.ts';
import { createRng, seedOf, type Rng } from './rng.ts';
import { Track, type Fix, type MinuteStats } from './track.ts';

/**
 * What a car does in a training session, independent of how it is sent: the per-car state (route,
 * profile, class ids), the plan of each session and its driving timeline (positions and minute
 * figures). The TCP terminal (terminal.ts) sends this timeline as frames; `recordSession` below keeps
 * it as data with the times a platform would have received it, for labelled data sets without a
 * network. Both run exactly this code, so the data set is what the wire carries.
 */

const VEHICLE_CLASS_CODES = new Set([
  'A1',
  'A2',
  'A3',
  'B1',
  'B2',
  'C1',
  'C2',
  'C3',
  'C4',
  'C5',
  'D',
  'E',
  'F',
  'M',
  'N',
  'P',
]);

/** Replay forgers move each copied point by up to a metre, so it is not byte-identical. */
const REPLAY_FORGER_NOISE_M = 1;
/** gnss-spoof: the spoofer moves the reported position 0.5–5 km away, for 1–4 minutes, once a session. */
const SPOOF_DISTANCE_M: [number, number] = [500, 5000];
const SPOOF_MINUTES: [number, number] = [1, 4];

/** 照片上传事件 (REFERENCE §1.8) of the photos a session takes. */
export const PhotoEvent = {
  centreRequest: 0,
  traineeLogin: 17,
  traineeLogout: 18,
  duringTraining: 19,
  coachLogin: 20,
  coachLogout: 21,
} as const;

/** What the camera gives for one photo: the face-match confidence the terminal reports and the picture. */
export type CameraShot = {
  /** 人脸识别置信度, 0–100; 0 = no face found. */
  faceConfidence: number;
  /** Text that makes the JPEG unique (photo.ts); a reused photo repeats an earlier shot's text, so its bytes. */
  label: string;
};

export type SessionOptions = {
  minutes?: number;
  /** Index into `car.trainees`; default round-robin. */
  traineeIndex?: number;
  /** Simulated time of the coach login; default now (rounded up to the second). */
  startAt?: number;
  /** 课程编码; default 实操 · the trainee's class · 第二部分 · 场地驾驶 or 基础驾驶. */
  courseCode?: string;
};

/** One planned session: who, when, and the track it drives. */
export type SessionPlan = {
  index: number;
  classId: number;
  coachNo: string;
  traineeNo: string;
  courseCode: string;
  minutes: number;
  /** Coach login. */
  start: number;
  /** Driving starts (one minute after the coach login). */
  anchor: number;
  /** Planned end of driving (`anchor + minutes`). */
  end: number;
  track: Track;
};

/** A step of a session's driving, in time order. */
export type DrivingEvent =
  | { kind: 'minute'; minute: number; at: number }
  | { kind: 'position'; at: number; fix: Fix }
  | { kind: 'minute-end'; minute: number; at: number; stats: MinuteStats };

/** What a terminal writes into a 0x0203 for one minute (km/h and km, one decimal). */
export type MinuteFigures = { maxSpeedKmh: number; mileageKm: number; fix: Fix };

export class CarDriver {
  readonly car: FleetCar;
  readonly profile: CarProfile;
  readonly settings: ProfileSettings;
  readonly rng: Rng;
  private readonly trackSeed: number;
  private trackRef: Track;
  private sessionIndex = 0;
  private classIdNext: number;
  private firstSessionMinutes: number | null = null;
  private readonly courseSeed: number | undefined;
  /** The camera's own draws, so photos never shift the route or the schedule of a seed. */
  private readonly cameraRng: Rng;
  /** photo-reuse: the trainee login photo of the first session, uploaded again later. */
  private keptPhoto: { label: string; session: number } | null = null;

  constructor(options: {
    car: FleetCar;
    profile?: CarProfile;
    settings?: Partial<ProfileSettings>;
    seed?: number | string;
    /** Simulated time the car starts at (parked). */
    now: number;
    /** Practise the school's fixed course (see TrackMode.courseSeed) instead of free driving. */
    practiceCourse?: boolean;
  }) {
    this.courseSeed = options.practiceCourse
      ? seedOf('course', JSON.stringify(options.car.area.coordinates))
      : undefined;
    this.car = options.car;
    this.profile = options.profile ?? 'honest';
    this.settings = { ...DEFAULT_PROFILE_SETTINGS, ...options.settings };
    const seed = options.seed ?? 1;
    this.rng = createRng(seedOf(seed, 'car', this.car.terminalNumber));
    this.trackSeed = seedOf(seed, 'track', this.car.terminalNumber);
    this.trackRef = this.newTrack(this.trackSeed, options.now);
    this.classIdNext = this.rng.int(1, 900_000);
    this.cameraRng = createRng(seedOf(seed, 'camera', this.car.terminalNumber));
  }

  /**
   * One photo of the current session. An honest camera finds the face it expects (85–99), now and then
   * a poor one (a turned head, glare: 40–69, 3 %) and rarely none (0, 0.5 %). `face-mismatch` puts someone else in
   * the trainee's seat (代学): the trainee's photos match at 20–55. `camera-blocked` covers the lens once
   * the trainee has logged in: no face during training or at logout. `photo-reuse` uploads the first
   * session's trainee login photo again for every trainee photo of later sessions.
   */
  cameraShot(eventType: number, label: string): CameraShot {
    const rng = this.cameraRng;
    const session = this.sessionIndex - 1;
    const ofTrainee =
      eventType === PhotoEvent.traineeLogin ||
      eventType === PhotoEvent.duringTraining ||
      eventType === PhotoEvent.traineeLogout;
    const covered =
      this.profile === 'camera-blocked' &&
      (eventType === PhotoEvent.duringTraining || eventType === PhotoEvent.traineeLogout);
    const honest = (): number => {
      const x = rng.next();
      if (x < 0.005) return 0;
      if (x < 0.035) return rng.int(40, 69);
      return rng.int(85, 99);
    };
    const faceConfidence = covered
      ? 0
      : this.profile === 'face-mismatch' && ofTrainee
        ? rng.int(20, 55)
        : honest();
    if (this.profile === 'photo-reuse' && ofTrainee) {
      if (this.keptPhoto === null && eventType === PhotoEvent.traineeLogin) {
        this.keptPhoto = { label, session };
      } else if (this.keptPhoto !== null && this.keptPhoto.session < session) {
        return { faceConfidence: rng.int(85, 99), label: this.keptPhoto.label };
      }
    }
    return { faceConfidence, label };
  }

  private newTrack(seed: number, at: number, forgerSeed?: number): Track {
    return new Track(this.car.area, seed, at, {
      outOfFence: this.profile === 'out-of-fence',
      paoma: this.profile === 'paoma',
      emulator: this.profile === 'emulator',
      ...(this.courseSeed === undefined ? {} : { courseSeed: this.courseSeed }),
      ...(forgerSeed === undefined ? {} : { forgerNoiseM: REPLAY_FORGER_NOISE_M, forgerSeed }),
    });
  }

  /** The track currently driven (replaced at each session by the `replay` profile). */
  get track(): Track {
    return this.trackRef;
  }

  /** The terminal's own clock: simulated time plus the drift of the `clock-drift` profile. */
  deviceTime(simMs: number): number {
    return this.profile === 'clock-drift' ? simMs + this.settings.clockDriftMs : simMs;
  }

  private courseCodeFor(licenceClass: string): string {
    const cls = VEHICLE_CLASS_CODES.has(licenceClass) ? licenceClass : 'C1';
    return formatCourseCode(1, cls, 2, this.rng.chance(0.7) ? 12 : 11);
  }

  /** Next class id (课堂ID) without a session (terminal tests). */
  nextClassId(): number {
    return this.classIdNext++;
  }

  /**
   * Plan the next session. `replay` cars drive their first session's route again (a fresh track with
   * the same seed, the forger's noise on top) for as long as the first one lasted; `gnss-spoof` cars get
   * one spoofing window in the driving part.
   */
  planSession(options: SessionOptions, now: number, minutesRange: [number, number]): SessionPlan {
    const car = this.car;
    const index = this.sessionIndex++;
    const replaying = this.profile === 'replay' && index > 0;
    const minutes =
      options.minutes ??
      (replaying && this.firstSessionMinutes !== null
        ? this.firstSessionMinutes
        : this.rng.int(minutesRange[0], minutesRange[1]));
    if (index === 0) this.firstSessionMinutes = minutes;
    const trainee = car.trainees[options.traineeIndex ?? index % Math.max(1, car.trainees.length)];
    if (!trainee) throw new Error(`car ${car.terminalNumber} has no trainees`);
    const start = Math.ceil(Math.max(options.startAt ?? 0, now) / 1000) * 1000;
    const courseCode = options.courseCode ?? this.courseCodeFor(trainee.licenceClass);
    const classId = this.classIdNext++;
    if (replaying) {
      const previous = this.trackRef;
      this.trackRef = this.newTrack(this.trackSeed, start, seedOf(this.trackSeed, 'forger', index));
      this.trackRef.continueOdometer(previous);
    }
    const anchor = start + 60_000;
    const end = anchor + minutes * 60_000;
    if (this.profile === 'gnss-spoof' && minutes >= 3) {
      const fromMinute = this.rng.int(1, Math.max(1, minutes - SPOOF_MINUTES[1] - 1));
      const from = anchor + fromMinute * 60_000 + this.rng.int(0, 59) * 1000;
      const to = Math.min(end - 30_000, from + this.rng.int(...SPOOF_MINUTES) * 60_000);
      const angle = this.rng.float(0, 2 * Math.PI);
      const d = this.rng.float(...SPOOF_DISTANCE_M);
      this.trackRef.spoof({ from, to, dx: Math.sin(angle) * d, dy: Math.cos(angle) * d });
    }
    return {
      index,
      classId,
      coachNo: car.coach.coachNumber,
      traineeNo: trainee.traineeNumber,
      courseCode,
      minutes,
      start,
      anchor,
      end,
      track: this.trackRef,
    };
  }

  /**
   * The driving part of a session, lazily: the track advances as the events are taken. Per minute: a
   * `minute` event at its start, a position every `positionIntervalMs` inside it, then `minute-end`
   * with the minute's figures (its end fix is the minute's last position).
   */
  *drivingTimeline(plan: SessionPlan, positionIntervalMs: number): Generator<DrivingEvent> {
    const track = plan.track;
    track.advanceTo(plan.anchor);
    track.setDriving(true);
    for (let minute = 0; minute < plan.minutes; minute++) {
      const minuteStart = plan.anchor + minute * 60_000;
      track.beginMinute(minuteStart);
      yield { kind: 'minute', minute, at: minuteStart };
      for (let t = minuteStart + positionIntervalMs; t < minuteStart + 60_000; t += positionIntervalMs) {
        track.advanceTo(t);
        yield { kind: 'position', at: t, fix: track.fix() };
      }
      yield { kind: 'minute-end', minute, at: minuteStart + 60_000, stats: track.closeMinute() };
    }
  }

  /** An honest terminal reports what GNSS saw; a 跑马机 feeds the pulse side into the record. */
  minuteFigures(m: MinuteStats): MinuteFigures {
    const pulse = this.profile === 'paoma';
    return {
      maxSpeedKmh: Math.round((pulse ? m.maxPulseKmh : m.maxGnssKmh) * 10) / 10,
      mileageKm: Math.round((pulse ? m.pulseDistanceM : m.gnssDistanceM) / 100) / 10,
      fix: m.fixAtMid ?? m.fixAtEnd,
    };
  }

  /** offline-resend: the simulated window in which the link is down, for a session driving from `anchor`. */
  offlineWindow(plan: SessionPlan): { from: number; to: number } | null {
    if (this.profile !== 'offline-resend' || plan.minutes <= this.settings.offlineAfterMinutes) return null;
    const from = plan.anchor + this.settings.offlineAfterMinutes * 60_000;
    return { from, to: from + this.settings.offlineForMinutes * 60_000 };
  }
}

// ───────────────────────────── in memory ─────────────────────────────

/** Something the terminal sent, with its own time stamp and when the platform got it. */
export type Received = {
  /** The terminal's time stamp (device clock, drift included). */
  deviceTime: number;
  /** When the platform received it (true simulated time plus network delay, or the reconnect for 补传). */
  receivedAt: number;
  /** Sent late from the blind-area buffer (0x0704 / 补传 0x0203). */
  resent: boolean;
};

export type RecordedPosition = Received & { fix: Fix };
export type RecordedMinute = Received & MinuteFigures;
export type RecordedPhoto = Received & CameraShot & { eventType: number };

/** One session as the platform stores it: the 0x0200 positions and 0x0203 records of its driving part. */
export type RecordedSession = {
  plan: Omit<SessionPlan, 'track'>;
  positions: RecordedPosition[];
  minutes: RecordedMinute[];
  photos: RecordedPhoto[];
};

export type RecordOptions = SessionOptions & {
  /** 0x0200 period while driving, ms. Default 10 s, as the TCP terminal. */
  positionIntervalMs?: number;
  /** A photo during training every this many minutes. Default 15, the TCP terminal's default. */
  photoIntervalMin?: number;
  /** Session length range when `minutes` is not given. Default [30, 90], as the TCP terminal. */
  sessionMinutes?: [number, number];
};

/**
 * Network delay of a live message: 0.2–2.5 s, and one message in a hundred stuck for 5–90 s (a cell
 * hand-over), which is what a clock-drift detector must tolerate.
 */
function networkDelayMs(rng: Rng): number {
  return rng.chance(0.01) ? rng.int(5_000, 90_000) : rng.int(200, 2_500);
}

/**
 * Drive one session without a network: the same plan and timeline as {@link SimTerminal.runSession},
 * kept as data with device times (clock drift) and receive times (network delay; offline windows
 * arrive as 补传 at the reconnect). The car's route carries on from session to session.
 */
export function recordSession(driver: CarDriver, options: RecordOptions = {}): RecordedSession {
  const plan = driver.planSession(
    options,
    options.startAt ?? driver.track.time,
    options.sessionMinutes ?? [30, 90],
  );
  const net = createRng(seedOf(driver.car.terminalNumber, 'network', plan.classId));
  const offline = driver.offlineWindow(plan);
  const received = (sentAt: number): Received => {
    const late = offline !== null && sentAt > offline.from && sentAt <= offline.to;
    return {
      deviceTime: driver.deviceTime(sentAt),
      receivedAt: (late ? offline.to : sentAt) + networkDelayMs(net),
      resent: late,
    };
  };
  const positions: RecordedPosition[] = [];
  const minutes: RecordedMinute[] = [];
  const photos: RecordedPhoto[] = [];
  // The photos at the moments SimTerminal.runSession takes them: coach login + 10 s, trainee login
  // + 10 s, after every `interval`-th minute but the last, and 10 s after driving ends.
  const photo = (eventType: number, at: number) => {
    const label = `${driver.car.terminalNumber} ${plan.classId} ${eventType} ${at}`;
    photos.push({ ...received(at), eventType, ...driver.cameraShot(eventType, label) });
  };
  const interval = options.photoIntervalMin ?? 15;
  photo(PhotoEvent.coachLogin, plan.start + 10_000);
  photo(PhotoEvent.traineeLogin, plan.start + 40_000);
  for (const ev of driver.drivingTimeline(plan, options.positionIntervalMs ?? 10_000)) {
    if (ev.kind === 'position') positions.push({ ...received(ev.at), fix: ev.fix });
    if (ev.kind === 'minute-end') {
      positions.push({ ...received(ev.at), fix: ev.stats.fixAtEnd });
      minutes.push({ ...received(ev.at), ...driver.minuteFigures(ev.stats) });
      const done = ev.minute + 1;
      if (interval > 0 && done % interval === 0 && done < plan.minutes) {
        photo(PhotoEvent.duringTraining, ev.at);
      }
    }
  }
  photo(PhotoEvent.traineeLogout, plan.end + 10_000);
  plan.track.setDriving(false);
  const { track: _track, ...rest } = plan;
  return { plan: rest, positions, minutes, photos };
}

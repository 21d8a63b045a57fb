import { areaFromGeoJson, insideWithMargin, segmentInside, inside, type Area, type Xy } from './geo.ts';
import { createRng, type Rng } from './rng.ts';

/**
 * A car driving around its teaching area, stepped one simulated second at a time: legs between
 * waypoints, accelerating to a cruise speed of 12–38 km/h, braking into each turn, now and then stopping
 * for a while. Everything is drawn from the seed, so the same seed drives the same route.
 *
 * Honest driving has the natural variance real telemetry shows (so that detectors of "too regular"
 * data can be measured against it): the driver's speed wanders around the cruise speed, the GNSS
 * course over ground is noisy (more so at low speed), the GNSS position has a slowly drifting error of
 * about a metre, the pulse speed differs from the GNSS speed by the car's tyre calibration (−3…+5 %),
 * and now and then the GNSS loses its fix for a few seconds to a minute (trees, a bridge).
 *
 * The car keeps two odometers: the vehicle's own (pulse/CAN, what 行驶记录速度 and item 0x01 report)
 * and the GNSS one. They agree for an honest car; the 跑马机 mode spins the pulse side while the GNSS
 * position stays parked.
 */
export type TrackMode = {
  /** Some legs end 40–150 m outside the polygon (电子围栏 violations). */
  outOfFence?: boolean;
  /** 跑马机: pulse speed and odometer run; GNSS position stays put, GNSS speed 0. */
  paoma?: boolean;
  /**
   * A GNSS + pulse emulator instead of a car: straight legs of 6–10 minutes at one constant speed and
   * heading, turning back at the end of each, with none of the variance above.
   */
  emulator?: boolean;
  /**
   * A replay forger's noise: every reported position is moved by up to this many metres (uniform,
   * drawn from `forgerSeed`), to hide that the points are copied.
   */
  forgerNoiseM?: number;
  forgerSeed?: number;
  /**
   * Practise a fixed course (科目二-style): laps of a loop of waypoints drawn from this seed (cars of
   * one school share it), each waypoint reached up to 1.5 m to either side (lane position). Honest,
   * and the hardest case for a replay detector: the same course again and again.
   */
  courseSeed?: number;
};

/** A window of simulated time during which a GNSS spoofer reports positions shifted by (dx, dy) metres. */
export type SpoofWindow = { from: number; to: number; dx: number; dy: number };

export type Fix = {
  /** Simulated epoch ms (whole seconds). */
  time: number;
  latitude: number;
  longitude: number;
  /** Satellite speed, km/h. */
  speedKmh: number;
  /** Vehicle (pulse) speed, km/h: 行驶记录速度. */
  recorderSpeedKmh: number;
  /** 0–359, north 0. */
  direction: number;
  /** Vehicle odometer, metres (item 0x01 / GNSS38). */
  odometerM: number;
  /** Engine speed for the GNSS38 item 0x05. */
  engineRpm: number;
  /** Ignition: on while a session drives. */
  accOn: boolean;
  /** False while the GNSS has no fix: the position is the last fixed one, the GNSS speed 0. */
  gnssFix: boolean;
};

/** What one minute of driving adds up to (REFERENCE §1.8 0x0203). */
export type MinuteStats = {
  start: number;
  end: number;
  /** Distance the GNSS track covers in the minute, metres. */
  gnssDistanceM: number;
  /** Distance the pulse odometer counted, metres. */
  pulseDistanceM: number;
  maxGnssKmh: number;
  maxPulseKmh: number;
  /** The fix at second 30 of the minute (the record's 附加GNSS数据包). */
  fixAtMid: Fix | null;
  /** Fix at the end of the minute. */
  fixAtEnd: Fix;
};

const STEP_MS = 1000;
const clamp = (x: number, max: number) => Math.max(-max, Math.min(max, x));
const MARGIN_M = 3;
const ACCEL = 1.2; // m/s²
const BRAKE = 1.5; // m/s², planned deceleration into a waypoint
const TURN_SPEED = 2.2; // m/s (≈ 8 km/h) through a corner
const MAX_SPEED = 40 / 3.6;
/** Driver's speed wander around the cruise speed: σ 0.6 m/s (≈ 2 km/h), correlated over ~8 s. */
const SPEED_WANDER_SD = 0.6;
const SPEED_WANDER_TAU_S = 8;
/** GNSS course-over-ground noise, degrees at 3 m/s and above (grows as the car slows), over ~4 s. */
const COURSE_NOISE_SD_DEG = 1.5;
const COURSE_NOISE_TAU_S = 4;
/** GNSS position error: σ 0.7 m per axis, correlated over ~20 s, never beyond 1.4 m (the route keeps 1.5 m). */
const POSITION_ERROR_SD_M = 0.7;
const POSITION_ERROR_TAU_S = 20;
const POSITION_ERROR_MAX_M = 1.4;
/** GNSS Doppler speed noise, km/h. */
const GNSS_SPEED_SD_KMH = 0.15;
/** A fix loss starts in about one driving second in 1,800 (once per half hour) and lasts 5–60 s. */
const OUTAGE_CHANCE_PER_S = 1 / 1800;
const OUTAGE_S: [number, number] = [5, 60];
/** Emulator legs, seconds. */
const EMULATOR_LEG_S: [number, number] = [360, 600];

/** An Ornstein–Uhlenbeck process with a one-second step: mean 0, stationary σ `sd`, correlation time τ. */
function ou(sd: number, tauS: number): (x: number, rng: Rng) => number {
  const a = Math.exp(-1 / tauS);
  const k = sd * Math.sqrt(1 - a * a);
  return (x, rng) => a * x + k * gauss(rng);
}

/** Roughly standard normal (sum of three uniforms, scaled): tails do not matter here, speed does. */
function gauss(rng: Rng): number {
  return (rng.next() + rng.next() + rng.next() - 1.5) * 2;
}

const speedWanderStep = ou(SPEED_WANDER_SD, SPEED_WANDER_TAU_S);
const courseErrorStep = ou(COURSE_NOISE_SD_DEG, COURSE_NOISE_TAU_S);
const positionErrorStep = ou(POSITION_ERROR_SD_M, POSITION_ERROR_TAU_S);

export class Track {
  readonly area: Area;
  private readonly rng: Rng;
  /** Noise has its own stream, so adding variance does not change the route a seed drives. */
  private readonly noise: Rng;
  private readonly forger: Rng | null;
  private readonly mode: TrackMode;
  /** Pulse speed / true speed: the car's tyre calibration. */
  private readonly pulseFactor: number;
  private speedWander = 0;
  private courseError = 0;
  private errX = 0;
  private errY = 0;
  private outageLeft = 0;
  private gnssSpeedError = 0;
  private forgerDx = 0;
  private forgerDy = 0;
  private lastFixed: Fix | null = null;
  private emulatorLegLeft = 0;
  private spoofs: SpoofWindow[] = [];
  private readonly course: Xy[] | null;
  private courseNext = 0;
  /** Simulated ms of the last step. */
  time: number;
  /** Parked (false) or driving (true). */
  driving = false;
  private pos: Xy;
  private parkedAt: Xy;
  private target: Xy | null = null;
  private previousWaypoint: Xy | null = null;
  private cruise = 0;
  private v = 0;
  private heading = 0;
  private stopLeft = 0;
  private stopAtTarget = false;
  private odometerM: number;
  private gnssOdometerM = 0;
  private minute: { start: number; end: number; stats: MinuteStats } | null = null;

  constructor(
    area: Area | { coordinates: [number, number][][] },
    seed: number,
    startTime: number,
    mode: TrackMode = {},
  ) {
    this.area = 'ring' in area ? area : areaFromGeoJson(area);
    this.rng = createRng(seed);
    this.noise = createRng(seed ^ 0x5bd1e995);
    this.forger = mode.forgerNoiseM ? createRng(mode.forgerSeed ?? seed ^ 0x27d4eb2f) : null;
    this.mode = mode;
    this.pulseFactor = 1 + this.noise.float(-0.03, 0.05);
    this.time = Math.floor(startTime / STEP_MS) * STEP_MS;
    this.course = mode.courseSeed === undefined ? null : this.courseLoop(mode.courseSeed);
    this.pos = this.course ? { ...this.course[0]! } : this.startPoint();
    this.parkedAt = { ...this.pos };
    this.odometerM = Math.round(this.rng.float(8_000, 90_000)) * 1000;
  }

  private startPoint(): Xy {
    const { box } = this.area;
    for (const margin of [MARGIN_M * 3, MARGIN_M, 0]) {
      for (let i = 0; i < 500; i++) {
        const p = { x: this.rng.float(box.minX, box.maxX), y: this.rng.float(box.minY, box.maxY) };
        if (insideWithMargin(this.area, p, margin)) return p;
      }
    }
    return { ...this.area.centroid };
  }

  /** Step to `t` (no-op if already there). */
  advanceTo(t: number): void {
    if (!this.driving && !this.minute && t - this.time > STEP_MS) {
      // Parked with no minute open: nothing moves, so skip ahead instead of stepping every second.
      this.time += Math.floor((t - this.time) / STEP_MS - 1) * STEP_MS;
      this.lastStepGnssM = 0;
      this.lastStepPulseM = 0;
    }
    while (this.time + STEP_MS <= t) {
      this.step();
      this.time += STEP_MS;
      if (this.minute) this.account(this.minute);
    }
  }

  /** Start counting a minute that covers (start, start + 60 s]; the track must not be past `start`. */
  beginMinute(start: number): void {
    this.advanceTo(start);
    this.minute = {
      start,
      end: start + 60_000,
      stats: {
        start,
        end: start + 60_000,
        gnssDistanceM: 0,
        pulseDistanceM: 0,
        maxGnssKmh: 0,
        maxPulseKmh: 0,
        fixAtMid: null,
        fixAtEnd: this.fix(),
      },
    };
  }

  /** Drive to the end of the current minute and return its figures. */
  closeMinute(): MinuteStats {
    const m = this.minute;
    if (!m) throw new Error('closeMinute without beginMinute');
    this.advanceTo(m.end);
    this.minute = null;
    m.stats.fixAtEnd = this.fix();
    return m.stats;
  }

  private lastStepGnssM = 0;
  private lastStepPulseM = 0;

  private account(m: { start: number; end: number; stats: MinuteStats }): void {
    if (this.time <= m.start || this.time > m.end) return;
    const s = m.stats;
    s.gnssDistanceM += this.lastStepGnssM;
    s.pulseDistanceM += this.lastStepPulseM;
    s.maxGnssKmh = Math.max(s.maxGnssKmh, this.gnssSpeedKmh());
    s.maxPulseKmh = Math.max(s.maxPulseKmh, this.recorderSpeedKmh());
    if (this.time === m.start + 30_000) s.fixAtMid = this.fix();
  }

  /** Start driving (ignition on) or park where the car is. */
  setDriving(on: boolean): void {
    this.driving = on;
    if (on && this.mode.emulator) {
      this.cruise = Math.round(this.rng.float(15, 35)) / 3.6;
      this.heading = this.rng.int(0, 359);
      this.emulatorLegLeft = this.rng.int(...EMULATOR_LEG_S);
    }
    if (!on) {
      this.v = 0;
      this.target = null;
      if (!this.mode.paoma) this.parkedAt = { ...this.pos };
    }
  }

  /** Report positions shifted by (dx, dy) metres during [from, to) (a GNSS spoofer switched on). */
  spoof(window: SpoofWindow): void {
    this.spoofs.push(window);
  }

  private step(): void {
    this.lastStepGnssM = 0;
    this.lastStepPulseM = 0;
    if (!this.driving) return;
    if (this.mode.emulator) {
      this.emulatorStep();
      return;
    }
    this.speedWander = speedWanderStep(this.speedWander, this.noise);
    this.courseError = courseErrorStep(this.courseError, this.noise);
    this.errX = clamp(positionErrorStep(this.errX, this.noise), POSITION_ERROR_MAX_M);
    this.errY = clamp(positionErrorStep(this.errY, this.noise), POSITION_ERROR_MAX_M);
    this.gnssSpeedError = GNSS_SPEED_SD_KMH * gauss(this.noise);
    if (this.forger) {
      const r = this.mode.forgerNoiseM!;
      this.forgerDx = this.forger.float(-r, r);
      this.forgerDy = this.forger.float(-r, r);
    }
    if (this.outageLeft > 0) this.outageLeft--;
    else if (this.noise.chance(OUTAGE_CHANCE_PER_S)) {
      // The last fixed position is what the terminal repeats while the fix is lost.
      this.lastFixed = this.fix();
      this.outageLeft = this.noise.int(...OUTAGE_S);
    }
    if (this.stopLeft > 0) {
      this.stopLeft--;
      this.v = 0;
      return;
    }
    if (!this.target) this.chooseTarget();
    const target = this.target;
    if (!target) return;
    const dx = target.x - this.pos.x;
    const dy = target.y - this.pos.y;
    const d = Math.hypot(dx, dy);
    // Brake so as to reach the waypoint at turning speed (or standing, when a stop is planned there),
    // looking one step ahead so the discrete steps do not overshoot the braking curve.
    const endSpeed = this.stopAtTarget ? 0.5 : TURN_SPEED;
    const brakeLimit = Math.sqrt(2 * BRAKE * Math.max(d - this.v, 0)) + endSpeed;
    const desired = Math.min(Math.max(1, this.cruise + this.speedWander), brakeLimit);
    this.v = Math.max(0.5, Math.min(MAX_SPEED, this.v + Math.max(-2.4, Math.min(ACCEL, desired - this.v))));
    const move = Math.min(this.v, d);
    if (d > 0) {
      this.pos = { x: this.pos.x + (dx / d) * move, y: this.pos.y + (dy / d) * move };
      this.heading = ((Math.atan2(dx, dy) * 180) / Math.PI + 360) % 360;
    }
    this.lastStepPulseM = move;
    this.lastStepGnssM = this.mode.paoma ? 0 : move;
    this.odometerM += move;
    this.gnssOdometerM += this.lastStepGnssM;
    if (d - move < 0.5) {
      this.previousWaypoint = target;
      this.target = null;
      if (this.stopAtTarget) {
        this.stopLeft = this.rng.int(5, 40);
        this.v = 0;
      }
    }
  }

  private emulatorStep(): void {
    if (--this.emulatorLegLeft <= 0) {
      this.heading = (this.heading + 180) % 360;
      this.emulatorLegLeft = this.rng.int(...EMULATOR_LEG_S);
    }
    const h = (this.heading * Math.PI) / 180;
    this.v = this.cruise;
    this.pos = { x: this.pos.x + Math.sin(h) * this.v, y: this.pos.y + Math.cos(h) * this.v };
    this.lastStepPulseM = this.v;
    this.lastStepGnssM = this.v;
    this.odometerM += this.v;
    this.gnssOdometerM += this.v;
  }

  /** A loop of 5–8 waypoints, each reachable from the previous in a straight line inside the area. */
  private courseLoop(seed: number): Xy[] | null {
    const rng = createRng(seed);
    const { box } = this.area;
    for (let attempt = 0; attempt < 50; attempt++) {
      const loop: Xy[] = [];
      const size = rng.int(5, 8);
      for (let i = 0; i < 400 && loop.length < size; i++) {
        const p = { x: rng.float(box.minX, box.maxX), y: rng.float(box.minY, box.maxY) };
        const last = loop[loop.length - 1];
        if (!insideWithMargin(this.area, p, MARGIN_M * 2)) continue;
        if (
          last &&
          (Math.hypot(p.x - last.x, p.y - last.y) < 40 || !segmentInside(this.area, last, p, MARGIN_M))
        ) {
          continue;
        }
        loop.push(p);
      }
      if (loop.length === size && segmentInside(this.area, loop[size - 1]!, loop[0]!, MARGIN_M)) return loop;
    }
    return null; // no loop fits (a narrow corridor): drive freely
  }

  private chooseTarget(): void {
    this.cruise = this.rng.float(12, 38) / 3.6;
    this.stopAtTarget = this.rng.chance(0.12);
    if (this.course) {
      const w = this.course[this.courseNext]!;
      this.courseNext = (this.courseNext + 1) % this.course.length;
      this.target = { x: w.x + this.rng.float(-1.5, 1.5), y: w.y + this.rng.float(-1.5, 1.5) };
      return;
    }
    if (this.mode.outOfFence && inside(this.area.ring, this.pos) && this.rng.chance(0.35)) {
      const out = this.outsidePoint();
      if (out) {
        this.target = out;
        return;
      }
    }
    const { box } = this.area;
    const here = this.pos;
    const outsideNow = !inside(this.area.ring, here);
    for (let i = 0; i < 80; i++) {
      const p = { x: this.rng.float(box.minX, box.maxX), y: this.rng.float(box.minY, box.maxY) };
      if (Math.hypot(p.x - here.x, p.y - here.y) < 25) continue;
      if (!insideWithMargin(this.area, p, MARGIN_M)) continue;
      // Coming back from outside the fence, the leg necessarily crosses the boundary.
      if (!outsideNow && !segmentInside(this.area, here, p, MARGIN_M * 0.5)) continue;
      this.target = p;
      return;
    }
    // Nowhere new reachable in a straight line (narrow or bent area): go back the way we came.
    this.target = this.previousWaypoint ?? (outsideNow ? { ...this.parkedAt } : null);
  }

  /** A point 40–150 m beyond the boundary in a random direction from here. */
  private outsidePoint(): Xy | null {
    const angle = this.rng.float(0, 2 * Math.PI);
    const ux = Math.sin(angle);
    const uy = Math.cos(angle);
    const extent = Math.hypot(
      this.area.box.maxX - this.area.box.minX,
      this.area.box.maxY - this.area.box.minY,
    );
    for (let s = 5; s < extent + 10; s += 5) {
      const p = { x: this.pos.x + ux * s, y: this.pos.y + uy * s };
      if (!inside(this.area.ring, p)) {
        const beyond = s + this.rng.float(40, 150);
        return { x: this.pos.x + ux * beyond, y: this.pos.y + uy * beyond };
      }
    }
    return null;
  }

  private get inOutage(): boolean {
    return this.driving && this.outageLeft > 0 && this.lastFixed !== null && !this.mode.emulator;
  }

  /** Reported GNSS speed, km/h to 0.1: 0 when parked, for a 跑马机 or without a fix. */
  private gnssSpeedKmh(): number {
    if (this.mode.paoma || this.v <= 0 || this.inOutage) return 0;
    const trueKmh = this.v * 3.6;
    const kmh = this.mode.emulator ? trueKmh : Math.max(0, trueKmh + this.gnssSpeedError);
    return Math.round(kmh * 10) / 10;
  }

  /** Reported pulse speed, km/h to 0.1. */
  private recorderSpeedKmh(): number {
    return Math.round(this.v * 3.6 * (this.mode.emulator ? 1 : this.pulseFactor) * 10) / 10;
  }

  /** The current fix as the terminal would report it. */
  fix(): Fix {
    const paoma = this.mode.paoma === true;
    const emulator = this.mode.emulator === true;
    const recorderSpeedKmh = this.recorderSpeedKmh();
    const engineRpm = this.driving ? Math.round(800 + this.v * 150) : 0;
    if (this.inOutage) {
      // No fix: the terminal repeats the last fixed position, GNSS speed 0, pulse still running.
      return {
        ...this.lastFixed!,
        time: this.time,
        speedKmh: 0,
        recorderSpeedKmh,
        odometerM: this.odometerM,
        engineRpm,
        accOn: this.driving,
        gnssFix: false,
      };
    }
    const base = paoma ? this.parkedAt : this.pos;
    let p = emulator ? base : { x: base.x + this.errX, y: base.y + this.errY };
    if (this.forger) p = { x: p.x + this.forgerDx, y: p.y + this.forgerDy };
    for (const w of this.spoofs) {
      if (this.time >= w.from && this.time < w.to) p = { x: p.x + w.dx, y: p.y + w.dy };
    }
    const { longitude, latitude } = this.area.plane.toLonLat(p);
    let direction = paoma ? 0 : Math.round(this.heading) % 360;
    if (!paoma && this.v > 0) {
      // Course over ground gets noisier as the car slows (the Doppler vector shrinks).
      const noise = emulator ? 0 : this.courseError * Math.max(1, 3 / Math.max(this.v, 0.5));
      direction = ((Math.round(this.heading + noise) % 360) + 360) % 360;
    }
    return {
      time: this.time,
      latitude: Math.round(latitude * 1e6) / 1e6,
      longitude: Math.round(longitude * 1e6) / 1e6,
      speedKmh: this.gnssSpeedKmh(),
      recorderSpeedKmh,
      direction,
      odometerM: this.odometerM,
      engineRpm,
      accOn: this.driving,
      gnssFix: true,
    };
  }

  /** Carry the vehicle odometer over from another track (a replayed route on the same car). */
  continueOdometer(previous: Track): void {
    this.odometerM = previous.odometerM;
  }

  /** GNSS odometer in metres (for tests: what the track really covered). */
  get gnssDistanceM(): number {
    return this.gnssOdometerM;
  }
}

import { areaFromGeoJson, insideWithMargin, segmentInside, inside, type Area, type Xy } from './geo.ts';
import { createRng, type Rng } from './rng.ts';

/**
 * A car driving around its teaching area, stepped one simulated second at a time: straight legs between
 * waypoints, accelerating to a cruise speed of 12–38 km/h, braking into each turn, now and then stopping
 * for a while. Everything is drawn from the seed, so the same seed drives the same route.
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
};

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
const MARGIN_M = 3;
const ACCEL = 1.2; // m/s²
const BRAKE = 1.5; // m/s², planned deceleration into a waypoint
const TURN_SPEED = 2.2; // m/s (≈ 8 km/h) through a corner
const MAX_SPEED = 40 / 3.6;

export class Track {
  readonly area: Area;
  private readonly rng: Rng;
  private readonly mode: TrackMode;
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
    this.mode = mode;
    this.time = Math.floor(startTime / STEP_MS) * STEP_MS;
    this.pos = this.startPoint();
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
    const kmh = Math.round(this.v * 36) / 10;
    if (!this.mode.paoma) s.maxGnssKmh = Math.max(s.maxGnssKmh, kmh);
    s.maxPulseKmh = Math.max(s.maxPulseKmh, kmh);
    if (this.time === m.start + 30_000) s.fixAtMid = this.fix();
  }

  /** Start driving (ignition on) or park where the car is. */
  setDriving(on: boolean): void {
    this.driving = on;
    if (!on) {
      this.v = 0;
      this.target = null;
      if (!this.mode.paoma) this.parkedAt = { ...this.pos };
    }
  }

  private step(): void {
    this.lastStepGnssM = 0;
    this.lastStepPulseM = 0;
    if (!this.driving) return;
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
    const desired = Math.min(this.cruise, brakeLimit);
    this.v = Math.max(0.5, Math.min(MAX_SPEED, this.v + Math.max(-2.4, Math.min(ACCEL, desired - this.v))));
    const move = Math.min(this.v, d);
    if (d > 0) {
      this.pos = { x: this.pos.x + (dx / d) * move, y: this.pos.y + (dy / d) * move };
      this.heading = (Math.round((Math.atan2(dx, dy) * 180) / Math.PI) + 360) % 360;
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

  private chooseTarget(): void {
    this.cruise = this.rng.float(12, 38) / 3.6;
    this.stopAtTarget = this.rng.chance(0.12);
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

  /** The current fix as the terminal would report it. */
  fix(): Fix {
    const paoma = this.mode.paoma === true;
    const p = paoma ? this.parkedAt : this.pos;
    const { longitude, latitude } = this.area.plane.toLonLat(p);
    const kmh = Math.round(this.v * 36) / 10;
    return {
      time: this.time,
      latitude: Math.round(latitude * 1e6) / 1e6,
      longitude: Math.round(longitude * 1e6) / 1e6,
      speedKmh: paoma ? 0 : kmh,
      recorderSpeedKmh: kmh,
      direction: paoma ? 0 : this.heading,
      odometerM: this.odometerM,
      engineRpm: this.driving ? Math.round(800 + this.v * 150) : 0,
      accOn: this.driving,
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

import type { FleetFile } from './fleet-file.ts';
import { profileForCar, type ProfileName, type ProfileSettings } from './profiles.ts';
import { createRng, seedOf } from './rng.ts';
import { createRealtimeScheduler, type Scheduler } from './scheduler.ts';
import { createStats, snapshot, type SimStats } from './stats.ts';
import { SimTerminal, type SimTerminalOptions } from './terminal.ts';

export type FleetOptions = {
  fleet: FleetFile;
  /** Default: the fleet file's gateway, else 127.0.0.1:7611. */
  host?: string;
  port?: number;
  /** Default `honest`; `mixed` blends the profiles across cars. */
  profile?: ProfileName;
  /** Simulated seconds per real second. Default 1. Ignored when `scheduler` is given. */
  speedup?: number;
  /** Simulated start time (epoch ms). Default now. Ignored when `scheduler` is given. */
  startAt?: number;
  /** Share a scheduler (tests, or several fleets on one clock). */
  scheduler?: Scheduler;
  seed?: number | string;
  /** Run only the first N cars of the file. */
  cars?: number;
  /** Source addresses used round-robin (e.g. 127.0.0.2…): each gives its own ~28k ephemeral ports. */
  localAddresses?: string[];
  positionIntervalSec?: number;
  settings?: Partial<ProfileSettings>;
  /** New connections per real second while the fleet ramps up. Default 1000. */
  connectPerSecond?: number;
  /** Anything else for every terminal (timeouts, session lengths…). */
  terminal?: Partial<Omit<SimTerminalOptions, 'car' | 'scheduler' | 'stats'>>;
};

export type Fleet = {
  cars: SimTerminal[];
  scheduler: Scheduler;
  /** A snapshot of the shared counters. */
  stats(): SimStats;
  /** Stop every car, close every connection; resolves with the final counters. */
  stop(): Promise<SimStats>;
};

/**
 * Run many terminals on one scheduler. Cars connect gradually (`connectPerSecond`), then live on their
 * own: sessions, breaks, reconnects. Everything runs in this process; nothing is per-car but state.
 */
export function startFleet(options: FleetOptions): Fleet {
  const { fleet } = options;
  const ownScheduler = !options.scheduler;
  const scheduler =
    options.scheduler ?? createRealtimeScheduler({ speedup: options.speedup ?? 1, startAt: options.startAt });
  const stats = createStats();
  const seed = options.seed ?? 1;
  const count = Math.min(options.cars ?? fleet.cars.length, fleet.cars.length);
  const host = options.host ?? fleet.gateway?.host ?? '127.0.0.1';
  const port = options.port ?? fleet.gateway?.port ?? 7611;
  const addresses = options.localAddresses?.filter(Boolean) ?? [];
  const cars: SimTerminal[] = [];
  for (let i = 0; i < count; i++) {
    const car = fleet.cars[i]!;
    const profile = profileForCar(
      options.profile ?? 'honest',
      createRng(seedOf(seed, 'profile', car.terminalNumber)),
    );
    cars.push(
      new SimTerminal({
        ...options.terminal,
        car,
        scheduler,
        host,
        port,
        localAddress: addresses.length > 0 ? addresses[i % addresses.length] : undefined,
        seed,
        profile,
        settings: options.settings,
        stats,
        ...(options.positionIntervalSec ? { positionIntervalSec: options.positionIntervalSec } : {}),
      }),
    );
  }
  stats.cars = count;

  // Ramp up in small batches so a large fleet does not hit the listener's backlog all at once.
  const perTick = Math.max(1, Math.round((options.connectPerSecond ?? 1000) / 10));
  let next = 0;
  const ramp = setInterval(() => {
    const end = Math.min(next + perTick, cars.length);
    for (; next < end; next++) void cars[next]!.run();
    if (next >= cars.length) clearInterval(ramp);
  }, 100);

  let stopping: Promise<SimStats> | null = null;
  return {
    cars,
    scheduler,
    stats: () => snapshot(stats),
    stop: () => {
      stopping ??= (async () => {
        clearInterval(ramp);
        await Promise.all(cars.map((c) => c.stop()));
        if (ownScheduler) scheduler.stop();
        return snapshot(stats);
      })();
      return stopping;
    },
  };
}

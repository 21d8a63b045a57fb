/**
 * @jiapei/terminal-sim — virtual 驾培 timing terminals over real TCP, for demos, tests and benchmarks.
 *
 * - {@link SimTerminal}: one terminal, driven step by step or living its day with `run()`.
 * - {@link startFleet}: many terminals on one shared scheduler.
 * - Schedulers: {@link createRealtimeScheduler} (speedup) and {@link createManualScheduler} (tests).
 */
export type { FleetFile, FleetCar } from './fleet-file.ts';
export { SimTerminal } from './terminal.ts';
export { PhotoEvent } from './session.ts';
export type { SimTerminalOptions, SessionOptions, SessionSummary } from './terminal.ts';
export { createRealtimeScheduler, createManualScheduler } from './scheduler.ts';
export type {
  Clock,
  Scheduler,
  ManualScheduler,
  TimerHandle,
  RealtimeSchedulerOptions,
} from './scheduler.ts';
export { Track } from './track.ts';
export type { Fix, MinuteStats, TrackMode, SpoofWindow } from './track.ts';
export { PROFILES, isProfile, profileForCar, DEFAULT_PROFILE_SETTINGS } from './profiles.ts';
export type { ProfileName, CarProfile, ProfileSettings } from './profiles.ts';
export { MALFORMED_CLASSES, malformedWrite } from './malformed.ts';
export type { MalformedClass } from './malformed.ts';
export { createStats, snapshot } from './stats.ts';
export type { SimStats } from './stats.ts';
export { photoJpeg, photoPackets, PHOTO_PACKET_BYTES } from './photo.ts';
export { areaFromGeoJson, insideGeoJson, haversineM } from './geo.ts';
export { createRng, seedOf } from './rng.ts';
export { startFleet } from './fleet.ts';
export type { Fleet, FleetOptions } from './fleet.ts';
export { CarDriver, recordSession } from './session.ts';
export type {
  SessionPlan,
  DrivingEvent,
  MinuteFigures,
  Received,
  RecordedPosition,
  RecordedMinute,
  RecordedPhoto,
  RecordedSession,
  CameraShot,
  RecordOptions,
} from './session.ts';
export { FRAUD_KINDS, DEFAULT_DATASET, planDataset, recordDataset } from './dataset.ts';
export type { FraudKind, DatasetOptions, DatasetPlan, DatasetSession, LabelledSession } from './dataset.ts';

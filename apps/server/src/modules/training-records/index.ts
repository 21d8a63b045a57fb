export {
  createTrainingRecordsRepository,
  type TrainingRecordsRepository,
} from './training-records.repository.ts';
export {
  createTrainingRecordsService,
  type RecordOutcome,
  type TerminalContext,
  type TrainingRecordsService,
} from './training-records.service.ts';
export {
  coachLoginResult,
  impossibleMinuteRecord,
  minuteRecordTime,
  parseTerminalTime,
  splitRecordNumber,
  traineeLoginResult,
} from './training-records.rules.ts';

import type { ResponseOf } from '../../api/types.ts';

export type Ledger = ResponseOf<'/api/me/training-logs', 'get'>;
export type LogSummary = Ledger['items'][number];
export type LogDetail = ResponseOf<'/api/me/training-logs/{logId}', 'get'>;
export type Appeal = ResponseOf<'/api/school/appeals', 'get'>['items'][number];
export type Submission = ResponseOf<'/api/school/stage-submissions', 'get'>['items'][number];
export type SubmissionDetail = ResponseOf<'/api/regulator/stage-submissions/{id}', 'get'>;
export type StageCandidate = ResponseOf<'/api/school/stage-candidates', 'get'>['items'][number];

export { createManualReviewService, type ManualReviewService } from './manual-review.service.ts';
export { manualReviewRoutes } from './manual-review.routes.ts';
export { defaultSamplingPercent, sampleBucket } from './sampling.ts';
export { REVIEW_REASON_CODES, type ReviewReasonCode } from './decision-reasons.ts';

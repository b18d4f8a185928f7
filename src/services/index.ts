export {
  findInvoice,
  openDisputes,
  recordCustomerAnswer,
  resolveDispute,
  resolveDisputesOn,
  type AnswerInput,
  type OpenDispute,
} from './answers.ts';
export * from './deps.ts';
export { answerUrls, signAnswerToken, verifyAnswerToken, type AnswerClaims, type AnswerKind } from './links.ts';
export { refreshNextActions } from './next-actions.ts';
export { batchIdOf, planOrganisation, PREVIEW_STOP, type PlanReport } from './plan.ts';
export { recoverStaleClaims, releaseClaimsOfGoneWorkers } from './recover.ts';
export { sendReminders, type SendOutcome } from './send.ts';
export { cancelHeld, syncOrganisation, type SyncOutcome } from './sync.ts';
export { noteText, writeBack } from './writeback.ts';
export { accruedCharges, chargesToMention, claimCharges, summarise, waiveCharges, writeAsFor } from './charges.ts';
export { chargeBookingOf, type ChargeBooking } from './charge-targets.ts';
export { maintain, type MaintenanceReport, removedAny, RETENTION_DAYS, retentionCutoffs } from './retention.ts';
export { approveReminder } from './approve.ts';
export { adoptConsent, PLACEHOLDER_EMAIL, type Consent } from './connect.ts';
export {
  completeTasks,
  openTasks,
  recordCallOutcome,
  RETRY_DAYS,
  NOTE_MAX,
  taskDueOn,
  tasksDue,
  type CallOutcome,
  type CallTask,
  type OpenTask,
  type TaskList,
  type TaskOutcome,
} from './tasks.ts';
export {
  pauseInvoice,
  resumeInvoice,
  pauseCustomer,
  resumeCustomer,
  recordOwnerAnswer,
  settleDispute,
  sendNextStepNow,
  skipNextStep,
  type SteerOutcome,
} from './steer.ts';
export { backToPreview, catchUpReview, gentleStepOf, startSending, type CatchUpItem, type CatchUpReview } from './catch-up.ts';
export {
  attentionCount,
  digestKey,
  ownerAttention,
  ownerDigest,
  sendDigests,
  type AttentionItem,
  type DigestEnv,
  type DigestRun,
  type OwnerAttention,
} from './digest.ts';

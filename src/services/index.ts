export { recordCustomerAnswer, resolveDispute } from './answers.ts';
export * from './deps.ts';
export { answerUrls, signAnswerToken, verifyAnswerToken, type AnswerClaims, type AnswerKind } from './links.ts';
export { refreshNextActions } from './next-actions.ts';
export { batchIdOf, planOrganisation, type PlanReport } from './plan.ts';
export { recoverStaleClaims } from './recover.ts';
export { sendReminders, type SendOutcome } from './send.ts';
export { cancelHeld, syncOrganisation, type SyncOutcome } from './sync.ts';
export { noteText, writeBack } from './writeback.ts';

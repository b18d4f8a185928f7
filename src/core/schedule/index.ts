export { invoiceHold, pauseEndsOn, standingHold, latestPromise, promiseResumesOn, type InvoiceHold } from './holds.ts';
export { customerPolicy, policyFor, policyNameFor, ruleFor, type CustomerPolicy, type PolicyChoice } from './policy-for.ts';
export { dueSteps, type DueStepsInput, type DueStepsResult } from './plan.ts';
export { nextActionOn, nextStepOf, type NextAction } from './next-action.ts';
export { stepProgress, type StepProgress, type StepState } from './progress.ts';
export { inSendWindow, nextWindowDay, describeWindow, windowHoliday } from './window.ts';
export { describeStep, describeOffset, formatDay, scheduleLocale, type ScheduleLocale } from './words.ts';

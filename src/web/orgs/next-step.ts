import { type CalendarDate, localTime, weekday } from '../../core/calendar.ts';
import type { SendWindow } from '../../core/policy.ts';
import type { Decision, ReminderState } from '../../core/reminder.ts';
import { inSendWindow, nextWindowDay } from '../../core/schedule/index.ts';

/**
 * The short label the overview shows before each decision's sentence: what will actually happen, and when. A decision
 * of kind `hold` covers a reminder going out at 09:00 as well as a disputed invoice, so the kind alone says too little.
 */

export type LabelContext = {
  now: Date;
  timeZone: string;
  sendWindow: SendWindow;
  /** The state of each recorded reminder, by `${invoiceId}/${stepKey}`: an in-progress step is whatever its reminder is. */
  states: Map<string, { state: ReminderState; channel: string }>;
};

export type Tone = 'go' | 'wait' | 'you' | 'done';
export type NextStepLabel = { text: string; tone: Tone };

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Tue 3 Mar": the weekday is what an owner plans by; the year is the current one almost always. */
export function shortDay(date: CalendarDate): string {
  return `${DAYS[weekday(date) - 1]} ${Number(date.slice(8, 10))} ${MONTHS[Number(date.slice(5, 7)) - 1]}`;
}

const hh = (h: number) => `${String(h).padStart(2, '0')}:00`;

/** When the window next lets a send through: "now" inside it, else the day and hour it opens. */
function goesOut(ctx: LabelContext): string {
  const local = localTime(ctx.now, ctx.timeZone);
  if (inSendWindow(local, ctx.sendWindow)) return 'goes out now';
  return `goes out ${shortDay(nextWindowDay(local, ctx.sendWindow))} ${hh(ctx.sendWindow.startHour)}`;
}

function task(channel: string): NextStepLabel {
  return channel === 'letter' ? { text: 'letter to print', tone: 'you' } : { text: 'call to make', tone: 'you' };
}

function inProgress(d: Extract<Decision, { kind: 'hold' }>, ctx: LabelContext): NextStepLabel {
  const r = ctx.states.get(`${d.invoiceId}/${d.stepKey}`);
  switch (r?.state) {
    case 'awaiting-approval':
      return { text: 'waits for approval', tone: 'you' };
    case 'claimed':
    case 'sending':
      return { text: 'being sent', tone: 'go' };
    case 'uncertain':
      return { text: 'uncertain: check before re-sending', tone: 'you' };
    case 'task-open':
      return task(r.channel);
    default:
      return r && r.channel !== 'email' ? task(r.channel) : { text: goesOut(ctx), tone: 'go' };
  }
}

export function nextStepLabel(d: Decision, ctx: LabelContext): NextStepLabel {
  switch (d.kind) {
    case 'send':
      return d.step.channel === 'email' ? { text: goesOut(ctx), tone: 'go' } : task(d.step.channel);
    case 'approve':
      return { text: 'waits for approval', tone: 'you' };
    case 'blocked':
      return { text: 'blocked: no email', tone: 'you' };
    case 'skip':
      return { text: 'skipped', tone: 'done' };
    case 'hold':
      break;
  }
  const until = d.until ? shortDay(d.until) : null;
  switch (d.reason) {
    case 'outside-send-window':
      return { text: `goes out ${until} ${hh(ctx.sendWindow.startHour)}`, tone: 'go' };
    case 'in-progress':
      return inProgress(d, ctx);
    case 'not-yet-due':
      return { text: until ? `next step ${until}` : 'not due yet', tone: 'wait' };
    case 'contacted-recently':
      return { text: `waits until ${until} (contacted recently)`, tone: 'wait' };
    case 'promised':
      return { text: until ? `on hold: promised, resumes ${until}` : 'on hold: promised', tone: 'wait' };
    case 'disputed':
      return { text: 'on hold: disputed', tone: 'you' };
    case 'reported-paid':
      return { text: 'on hold: customer says paid', tone: 'wait' };
    case 'paused':
      return { text: 'paused by you', tone: 'wait' };
    case 'draft':
      return { text: 'not chased: draft', tone: 'done' };
    case 'all-steps-done':
      return { text: 'all steps done', tone: 'done' };
    case 'paid':
    case 'credited':
    case 'voided':
    case 'deleted':
      return { text: `nothing to do: ${d.reason}`, tone: 'done' };
  }
  return { text: 'on hold', tone: 'wait' };
}

import { localTime } from '../../core/calendar.ts';
import type { CalendarDate } from '../../core/calendar.ts';
import { formatMoney, money } from '../../core/money.ts';
import type { Organisation } from '../../core/organisation.ts';
import type { HistoryEvent } from '../../core/store.ts';
import { html, type Html } from '../html.ts';
import { day, stepName } from '../customers/list.ts';
import { invoiceWords, ownerActionName } from './words.ts';

/** "3 Mar 2026 09:05": the owner reads times on the organisation's wall clock (the zone is named once per table). */
export function zonedStamp(iso: string, org: Organisation): string {
  const t = localTime(new Date(iso), org.timeZone);
  return `${day(t.date, org.locale)} ${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')}`;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

/** One history event as a sentence for the owner: what happened, never the stored JSON. */
export function describeEvent(e: HistoryEvent, org: Organisation): Html {
  const w = invoiceWords(org.locale);
  const d = e.detail;
  const step = stepName(org.policy, str(d.step), org.locale) || str(d.step) || '';
  const Step = step ? step[0]!.toUpperCase() + step.slice(1) : '';
  const reason = str(d.reason) ? w.reasonOf(str(d.reason)!) : '';
  switch (e.kind) {
    case 'email-sent': {
      const to = Array.isArray(d.to) ? d.to.filter((x) => typeof x === 'string').join(', ') : '';
      const messageId = str(d.messageId);
      return html`${w.emailSent(step, to)}${str(d.subject) ? html` ${w.emailSubject(str(d.subject)!)}` : ''}${
        messageId ? html` · <a href="/orgs/${org.id}/messages/${encodeURIComponent(messageId)}">${w.viewMessage}</a>` : ''
      }`;
    }
    case 'task-created':
      return html`${w.taskCreated(Step)}${reason}`;
    case 'task-done':
      return html`${w.taskDone(Step)}${str(d.note) ? w.reasonOf(str(d.note)!) : ''}`;
    case 'approved':
      return html`${w.approved(step)}`;
    case 'note-written':
      return html`${w.noteWritten(str(d.text) ?? '')}`;
    case 'charge-written':
      return html`${w.chargeWritten(typeof d.totalMinor === 'number' && str(d.currency) ? formatMoney(money(d.totalMinor, str(d.currency)!), org.locale) : '')}`;
    case 'charge-waived':
      return html`${w.chargeWaived(str(d.reason) ?? '')}`;
    case 'answer':
      return describeAnswer(d, org);
    case 'cancelled':
      return html`${w.cancelled(Step)}${reason}`;
    case 'skipped':
      return html`${w.skippedEvent(Step)}${reason}`;
    case 'failed':
      return html`${w.failed(Step || w.charges)}${reason}`;
    case 'uncertain':
      return html`${w.uncertain(Step)}${reason}`;
    case 'sync':
      return html`${w.synced}`;
    case 'connection':
      return html`${w.connection}${reason}`;
    case 'rejected-record':
      return html`${w.rejected}${reason}`;
    case 'owner-action': {
      const action = str(d.action) ?? '';
      const until = str(d.until) ? ` ${w.untilDate(day(str(d.until) as CalendarDate, org.locale))}` : '';
      const what = ownerActionName(org.locale, action);
      return html`${w.ownerAction(`${what}${until}`)}${step ? ` (${step})` : ''}${str(d.note) ? w.reasonOf(str(d.note)!) : reason}`;
    }
    case 'sending':
      return html`${w.sending(d.on !== false && d.action !== 'preview')}`;
  }
}

function describeAnswer(d: Record<string, unknown>, org: Organisation): Html {
  const w = invoiceWords(org.locale);
  const who = w.answeredBy(str(d.source) ?? 'customer');
  switch (d.answer) {
    case 'promise':
      return html`${w.answerPromise(who, day(str(d.promisedDate) as CalendarDate | null, org.locale))}`;
    case 'paid':
      return html`${w.answerPaid(who, str(d.reference))}`;
    case 'dispute':
      return html`${w.answerDispute(who, str(d.reason) ?? '')}`;
    case 'dispute-resolved':
      return html`${w.answerResolved(str(d.reason) ?? '')}${str(d.note) ? w.reasonOf(str(d.note)!) : ''}`;
    default:
      return html`${who}`;
  }
}

/** Events newest first, as a table with the time in the organisation's zone. */
export function timelineTable(events: HistoryEvent[], org: Organisation, withInvoice?: (e: HistoryEvent) => Html | string): Html {
  const w = invoiceWords(org.locale);
  if (events.length === 0) return html`<p class="muted">${w.noEvents}</p>`;
  const sorted = [...events].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  const rows = sorted.map(
    (e) =>
      html`<li><time datetime="${e.at}">${zonedStamp(e.at, org)}</time> ${withInvoice ? withInvoice(e) : ''}<span>${describeEvent(e, org)}</span></li>`,
  );
  return html`<p class="muted">${w.timelineZone(org.timeZone)}</p><ol class="timeline">${rows}</ol>`;
}

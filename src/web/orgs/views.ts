import type { Organisation } from '../../core/organisation.ts';
import { type ConnectionExpiry, expirySentence } from '../../core/connection-expiry.ts';
import type { Decision } from '../../core/reminder.ts';
import type { StoredInvoice, StoredReminder, SyncState } from '../../core/store.ts';
import { localTime } from '../../core/calendar.ts';
import { describeStep } from '../../core/schedule/index.ts';
import { CSRF_FIELD } from '../middleware/csrf.ts';
import { html, type Html } from '../html.ts';
import { page } from '../layout.ts';
import { ownerNav } from '../owner-nav.ts';
import { PLACEHOLDER_EMAIL } from '../connect/routes.ts';
import type { NextStepLabel } from './next-step.ts';

export const nav = (org: Organisation) => ownerNav(org);

export const NOTICES: Record<string, string> = {
  saved: 'Settings saved. What relance will do next has been recomputed.',
  approved: 'Approved: it goes out in the next send window.',
  'approved-letter':
    'Approved: relance does not post letters. Once its last check of the ledger is done, the letter is listed under “To do by hand”, ready to print and post.',
  'approved-call': 'Approved: the call is listed under “To do by hand” once relance has checked the ledger.',
  'approve-gone': 'That reminder is no longer waiting for approval (it was approved already, or the invoice was paid).',
  'test-sent': 'Test sent: it should reach your reply-to address within a minute.',
  waived: 'Charges waived: a credit note cancelling them was written to your ledger.',
};

const STATUS_TEXT: Record<Organisation['connectionStatus'], string> = {
  connected: 'Connected',
  'needs-reconnect': 'Needs reconnecting',
  disconnected: 'Disconnected',
};

function connectionCard(org: Organisation, csrf: string, ledgerName: string): Html {
  const vendor = ledgerName;
  const action =
    org.connectionStatus === 'connected'
      ? html`<form class="inline" method="post" action="/orgs/${org.id}/disconnect"><input type="hidden" name="${CSRF_FIELD}" value="${csrf}"><button class="danger">Disconnect ${vendor}</button></form>`
      : html`<a class="button" href="/connect/${org.vendor}">Reconnect ${vendor}</a>`;
  const hint =
    org.connectionStatus === 'needs-reconnect'
      ? html`<p>${vendor} stopped accepting relance's access. Nothing is sent until you reconnect.</p>`
      : org.connectionStatus === 'disconnected'
        ? html`<p>relance no longer reads or writes this ledger and sends nothing.</p>`
        : '';
  return html`<section class="card"><h2>Connection</h2>
<p><span class="status ${org.connectionStatus}">${STATUS_TEXT[org.connectionStatus]}</span> to ${vendor}</p>${hint}${action}</section>`;
}

/** "2026-12-02 07:31 (Europe/Paris)": the owner reads times in the organisation's zone, named so nobody guesses. */
function zonedStamp(iso: string, zone: string): string {
  const t = localTime(new Date(iso), zone);
  return `${t.date} ${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')} (${zone})`;
}

function syncCard(sync: SyncState, zone: string): Html {
  const total = sync.progressTotal;
  const progress =
    total && total > 0 && sync.progressDone < total
      ? html`<p>First sync: ${sync.progressDone} of ${total} records read</p><progress max="${total}" value="${sync.progressDone}">${Math.round((sync.progressDone / total) * 100)}%</progress>`
      : '';
  return html`<section class="card"><h2>Sync</h2>${progress}
<p>${sync.lastSyncAt ? `Last synced ${zonedStamp(sync.lastSyncAt, zone)}` : 'Not synced yet: the first sync is on its way.'}</p>
${sync.lastError ? html`<p class="notice bad">The last sync failed: ${sync.lastError}</p>` : ''}</section>`;
}

const DECISION_ORDER: Decision['kind'][] = ['send', 'approve', 'blocked', 'skip', 'hold'];
const SHOWN = 50;

export type LabelledDecision = { decision: Decision; label: NextStepLabel };

function plannedCard(decisions: LabelledDecision[], stopped: string | null): Html {
  if (stopped) return html`<section class="card"><h2>What relance will do next</h2><p>${stopped}</p></section>`;
  const sorted = [...decisions].sort((a, b) => DECISION_ORDER.indexOf(a.decision.kind) - DECISION_ORDER.indexOf(b.decision.kind));
  const items = sorted
    .slice(0, SHOWN)
    .map(({ decision, label }) => html`<li><strong class="next ${label.tone}">${label.text}</strong> ${decision.why}</li>`);
  return html`<section class="card"><h2>What relance will do next</h2>
${decisions.length === 0 ? html`<p class="muted">No open invoices.</p>` : html`<ul class="plain">${items}</ul>`}
${decisions.length > SHOWN ? html`<p class="muted">and ${decisions.length - SHOWN} more.</p>` : ''}</section>`;
}

/** Calls to make and letters to print: relance neither phones nor posts, so these wait for the owner. */
function tasksTable(org: Organisation, rows: ReminderRow[]): Html {
  if (rows.length === 0) return html``;
  const body = rows.map(
    ({ reminder: r, invoice }) => html`<tr>
<td><a href="/orgs/${org.id}/invoices/${r.invoiceId}">${invoice?.number ?? r.invoiceId}</a></td>
<td>${r.channel === 'letter' ? 'Letter ready to print' : 'Call to make'}</td><td>${describeStep(r.step)}</td><td>${r.reason ?? ''}</td></tr>`,
  );
  return html`<h2>To do by hand (${rows.length})</h2>
<p class="muted">relance neither phones nor posts letters. When one is done: <code>relance tasks done --org ${org.id} --invoice NUMBER</code>.</p>
<table class="reminders"><thead><tr><th>Invoice</th><th>Task</th><th>Step</th><th>Note</th></tr></thead><tbody>${body}</tbody></table>`;
}

type ReminderRow = { reminder: StoredReminder; invoice: StoredInvoice | undefined };

function reminderTable(org: Organisation, title: string, rows: ReminderRow[], csrf: string, approve = false): Html {
  if (rows.length === 0) return html``;
  const body = rows.map(
    ({ reminder: r, invoice }) => html`<tr>
<td><a href="/orgs/${org.id}/invoices/${r.invoiceId}">${invoice?.number ?? r.invoiceId}</a></td>
<td>${describeStep(r.step)}</td><td>${r.sentAt?.slice(0, 10) ?? r.dueOn}</td><td>${r.reason ?? ''}</td>
${approve ? html`<td><form class="inline" method="post" action="/orgs/${org.id}/reminders/${r.id}/approve"><input type="hidden" name="${CSRF_FIELD}" value="${csrf}"><button>Approve</button></form></td>` : ''}</tr>`,
  );
  return html`<h2>${title} (${rows.length})</h2><table class="reminders"><thead><tr><th>Invoice</th><th>Step</th><th>Date</th><th>Note</th>${approve ? html`<th></th>` : ''}</tr></thead><tbody>${body}</tbody></table>`;
}

export type OverviewModel = {
  org: Organisation;
  /** How pages name the organisation's ledger (its definition's display name: vendorName). */
  ledgerName: string;
  csrf: string;
  notice: string | null;
  sync: SyncState;
  decisions: LabelledDecision[];
  stopped: string | null;
  reminders: Record<'awaiting-approval' | 'uncertain' | 'failed' | 'sent' | 'task-open', ReminderRow[]>;
  /** The connection's hard expiry when it is near or past (connectionExpiry); null or absent: nothing to say. */
  expiry?: ConnectionExpiry | null;
};

/** A month ahead, then loudly in the last week: reconnecting in time keeps the reminders going without a gap. */
function expiryNotice(org: Organisation, expiry: ConnectionExpiry | null | undefined, ledgerName: string): Html | '' {
  // a connection that already needs reconnecting, or was disconnected, says so in its card
  if (!expiry || org.connectionStatus !== 'connected') return '';
  const link = html`<a class="button secondary" href="/connect/${org.vendor}">Reconnect ${ledgerName}</a>`;
  return expiry.level === 'soon'
    ? html`<p class="notice warn expiry">${expirySentence(expiry, ledgerName)} ${link}</p>`
    : html`<p class="notice bad expiry" role="alert"><strong>${expirySentence(expiry, ledgerName)}</strong> ${link}</p>`;
}

export function overviewPage(m: OverviewModel): Html {
  const { org, csrf } = m;
  const placeholder =
    org.sender.email === PLACEHOLDER_EMAIL
      ? html`<p class="notice bad">Replies to your reminders have nowhere to go yet: <a href="/orgs/${org.id}/settings">set your reply address</a>.</p>`
      : '';
  return page(
    org.name,
    html`<h1>${org.name}</h1>
${m.notice ? html`<p class="notice">${m.notice}</p>` : ''}${expiryNotice(org, m.expiry, m.ledgerName)}${placeholder}
<div class="grid">${connectionCard(org, csrf, m.ledgerName)}${syncCard(m.sync, org.timeZone)}</div>
${plannedCard(m.decisions, m.stopped)}
<section class="card"><h2>Reminders</h2>
<p>${m.reminders.sent.length} sent · ${m.reminders['task-open'].length} to do by hand · ${m.reminders.uncertain.length} uncertain · ${m.reminders.failed.length} failed · ${m.reminders['awaiting-approval'].length} awaiting approval</p>
${tasksTable(org, m.reminders['task-open'])}
${reminderTable(org, 'Awaiting your approval', m.reminders['awaiting-approval'], csrf, true)}
${reminderTable(org, 'Uncertain: may have gone out, never re-sent by itself', m.reminders.uncertain, csrf)}
${reminderTable(org, 'Failed', m.reminders.failed, csrf)}
${reminderTable(org, 'Sent recently', m.reminders.sent.slice(0, 20), csrf)}
<p><a href="/orgs/${org.id}/outbox">Every email sent, in the outbox</a></p>
</section>`,
    { nav: nav(org) },
  );
}

// ---- settings (the page itself is settings-page.ts)

export { settingsPage } from './settings-page.ts';

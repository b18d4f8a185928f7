import type { RateStatus } from '../../core/charges/index.ts';
import { CHANNELS, TEMPLATES, TONES } from '../../core/policy.ts';
import type { Organisation } from '../../core/organisation.ts';
import { type ConnectionExpiry, expirySentence } from '../../core/connection-expiry.ts';
import type { Decision } from '../../core/reminder.ts';
import type { HistoryEvent, StoredCharge, StoredInvoice, StoredReminder, SyncState } from '../../core/store.ts';
import { localTime } from '../../core/calendar.ts';
import { formatMoney, money } from '../../core/money.ts';
import { describeStep, describeWindow } from '../../core/schedule/index.ts';
import { CSRF_FIELD } from '../middleware/csrf.ts';
import { html, type Html } from '../html.ts';
import { page } from '../layout.ts';
import { ownerNav } from '../owner-nav.ts';
import { PLACEHOLDER_EMAIL } from '../connect/routes.ts';
import type { ChargeBooking } from '../../services/charge-targets.ts';
import type { NextStepLabel } from './next-step.ts';
import type { FieldErrors, FormValues } from './form-values.ts';
import { stepRows } from './settings-form.ts';

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

export type HistoryExtras = {
  csrf: string;
  charge: StoredCharge | null;
  notice?: string | null;
  /** The waive form as submitted, with its error. */
  waive?: { reason: string; error: string | null };
};

export function historyPage(org: Organisation, invoice: StoredInvoice, events: HistoryEvent[], extras?: HistoryExtras): Html {
  const rows = events.map(
    (e) => html`<tr><td>${e.at.replace('T', ' ').slice(0, 16)}</td><td>${e.kind}</td><td>${describeDetail(e.detail)}</td></tr>`,
  );
  return page(
    `Invoice ${invoice.number}`,
    html`<h1>Invoice ${invoice.number}</h1>
${extras?.notice ? html`<p class="notice">${extras.notice}</p>` : ''}
<p>Due ${invoice.dueDate} · status ${invoice.status}</p>
${
  extras?.charge?.state === 'written'
    ? waiveCard(org, invoice, extras.charge, extras)
    : extras?.waive?.error
      ? html`<p class="notice bad" role="alert">${extras.waive.error}</p>`
      : ''
}
<section class="card"><h2>History</h2>${
      events.length === 0
        ? html`<p class="muted">Nothing yet.</p>`
        : html`<table><thead><tr><th>When (UTC)</th><th>What</th><th>Details</th></tr></thead><tbody>${rows}</tbody></table>`
    }</section>`,
    { nav: nav(org) },
  );
}

function waiveCard(org: Organisation, invoice: StoredInvoice, charge: StoredCharge, extras: HistoryExtras): Html {
  const f: Field = { values: { reason: extras.waive?.reason ?? '' }, errors: extras.waive?.error ? { reason: extras.waive.error } : {} };
  return html`<section class="card"><h2>Late-payment charges</h2>
<p>${formatMoney(money(charge.totalMinor, charge.currency), 'en')} written to your ledger${charge.written?.writtenAs === 'line-on-original' ? ' as lines on this invoice' : ' as a separate invoice'}.</p>
<form method="post" action="/orgs/${org.id}/invoices/${invoice.id}/waive"><input type="hidden" name="${CSRF_FIELD}" value="${extras.csrf}">
${wrap(f, 'reason', html`<label for="reason">Why waive them (kept in the history and on the credit note)</label><textarea id="reason" name="reason" required maxlength="500">${val(f, 'reason')}</textarea>`)}
<p><button class="danger">Waive charges</button></p></form></section>`;
}

const describeDetail = (detail: Record<string, unknown>): string =>
  Object.entries(detail)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' · ');

// ---- settings

type Field = { values: FormValues; errors: FieldErrors };

const val = (f: Field, name: string): string => {
  const v = f.values[name];
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
};

function errorOf(f: Field, name: string): Html {
  const message = f.errors[name];
  return message ? html`<p class="error" id="${name}-error" role="alert">${message}</p>` : html``;
}

const wrap = (f: Field, name: string, inner: Html) =>
  html`<div class="${f.errors[name] ? 'field field-error' : 'field'}" data-field="${name}">${inner}${errorOf(f, name)}</div>`;

function input(f: Field, name: string, label: string, type = 'text'): Html {
  return wrap(
    f,
    name,
    html`<label for="${name}">${label}</label><input id="${name}" name="${name}" type="${type}" value="${val(f, name)}"${f.errors[name] ? html` aria-invalid="true" aria-describedby="${name}-error"` : ''}>`,
  );
}

/** Where charges are booked: the ledger's own accounts or items when it could be asked, else an id typed by hand. */
function bookToField(f: Field, booking: ChargeBooking | undefined): Html {
  const label = booking?.bookedTo === 'item' ? 'Service item for charges' : 'Income account for charges';
  const targets = booking?.targets;
  if (!targets || targets.length === 0)
    return input(f, 'charges.bookTo', `${label} (${booking?.bookedTo === 'item' ? 'item id' : 'account code'})`);
  const current = val(f, 'charges.bookTo');
  // a choice the ledger no longer lists stays visible rather than being silently changed
  const known = targets.some((t) => t.id === current) || !current ? [] : [{ id: current, name: `${current} (not in the ledger any more)` }];
  const all = [{ id: '', name: 'choose…' }, ...targets, ...known];
  return select(
    f,
    'charges.bookTo',
    all.map((t) => t.id),
    label,
    Object.fromEntries(all.map((t) => [t.id, t.name])),
  );
}

function linesNote(booking: ChargeBooking | undefined): Html | string {
  return booking && !booking.chargesAsLine
    ? html`<p class="muted">Your ledger cannot add lines to an existing invoice: charges are always written as a separate invoice.</p>`
    : '';
}

function select(f: Field, name: string, options: readonly string[], label: string | null, labels: Record<string, string> = {}): Html {
  const current = val(f, name);
  const opts = options.map((o) => html`<option value="${o}"${o === current ? html` selected` : ''}>${labels[o] ?? o}</option>`);
  return wrap(
    f,
    name,
    html`${label ? html`<label for="${name}">${label}</label>` : ''}<select id="${name}" name="${name}" aria-label="${label ?? name}">${opts}</select>`,
  );
}

function checkbox(f: Field, name: string, label: string, visible = true): Html {
  const box = html`<input type="checkbox" name="${name}" id="${name}"${val(f, name) ? html` checked` : ''}${visible ? '' : html` aria-label="${label}"`}>`;
  return wrap(f, name, visible ? html`<label class="inline">${box} ${label}</label>` : box);
}

function stepRow(f: Field, row: number, isNew: boolean): Html {
  const n = (field: string) => `steps.${row}.${field}`;
  const cell = (field: string, type = 'text') =>
    html`<td class="${field}">${wrap(f, n(field), html`<input name="${n(field)}" id="${n(field)}" type="${type}" value="${val(f, n(field))}" aria-label="${field} of step ${row + 1}"${f.errors[n(field)] ? html` aria-invalid="true"` : ''}>`)}</td>`;
  return html`<tr data-step="${row}">${cell('key')}${cell('offsetDays', 'text')}
<td>${select(f, n('channel'), CHANNELS, null)}</td><td>${select(f, n('tone'), TONES, null)}</td>
<td>${select(f, n('template'), isNew ? ['', ...TEMPLATES] : TEMPLATES, null)}</td><td>${select(f, n('charges'), ['none', 'mention', 'claim'], null)}</td>
<td class="check">${checkbox(f, n('requiresApproval'), `step ${row + 1} waits for approval`, false)}</td>
<td class="check">${isNew ? html`<span class="muted">new</span>` : checkbox(f, n('remove'), `remove step ${row + 1}`, false)}</td></tr>`;
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

function sendingCard(org: Organisation, f: Field, relayAddress: string): Html {
  const mode = val(f, 'sending.mode') || 'relay';
  const choice = (value: string, label: Html) =>
    html`<label class="inline"><input type="radio" name="sending.mode" value="${value}"${mode === value ? html` checked` : ''}> ${label}</label>`;
  const saved = !!org.smtp;
  return html`<section class="card"><h2>Sending</h2>
${wrap(
  f,
  'sending.mode',
  html`${choice('relay', html`Through relance's relay: From “${org.sender.name}” &lt;${relayAddress}&gt;, replies to ${org.sender.email}`)}<br>
${choice('own-smtp', html`Through your own mail server: From ${org.sender.email}`)}`,
)}
<div class="grid">${input(f, 'smtp.host', 'SMTP server (host name)')}${input(f, 'smtp.port', 'Port (587, or 465 with TLS)')}${input(f, 'smtp.user', 'User name')}
${wrap(
  f,
  'smtp.password',
  html`<label for="smtp.password">Password</label><input id="smtp.password" name="smtp.password" type="password" autocomplete="new-password" value=""${saved ? html` placeholder="•••• (saved)"` : ''}${f.errors['smtp.password'] ? html` aria-invalid="true" aria-describedby="smtp.password-error"` : ''}>
${saved ? html`<p class="muted">Leave it empty to keep the saved password.</p>` : ''}`,
)}</div>
${checkbox(f, 'smtp.secure', 'TLS from the first byte (port 465); otherwise STARTTLS')}
<p class="muted">Used only when “your own mail server” is picked.</p></section>`;
}

function rateNote(rate: RateStatus | null): Html | string {
  if (!rate) return '';
  const line = html`<p class="muted">Statutory rate now (${rate.regime}): ${rate.ratePercent} % a year, ${rate.reference}, ${rate.law}. Source: ${rate.source}.</p>`;
  if (!rate.stale) return line;
  return html`${line}<p class="notice bad">The rate table has no row after ${rate.to}: the latest known rate is used, and reminders and charges say so, until the new half-year's row is added (src/core/charges/rates).</p>`;
}

export function settingsPage(
  org: Organisation,
  f: Field,
  csrf: string,
  notice: string | null,
  options: { problem?: string | null; relayAddress?: string; rate?: RateStatus | null; booking?: ChargeBooking } = {},
): Html {
  const all = stepRows(f.values);
  // a submitted blank "add" row is not a step: it is offered again after the others, as the user left it
  const rows = all.filter((r) => val(f, `steps.${r}.key`) || val(f, `steps.${r}.offsetDays`));
  const blank = (rows.at(-1) ?? -1) + 1;
  const days = f.values['sendWindow.weekdays'];
  const picked = new Set(Array.isArray(days) ? days : days ? [days] : []);
  const failed = Object.keys(f.errors).length;
  const win = org.policy.default.sendWindow;
  return page(
    `Settings · ${org.name}`,
    html`<h1>Settings</h1>
${notice ? html`<p class="notice">${notice}</p>` : ''}
${options.problem ? html`<p class="notice bad" role="alert">${options.problem}</p>` : ''}
${failed ? html`<p class="notice bad" role="alert">Nothing was saved: ${failed === 1 ? 'one setting needs' : `${failed} settings need`} fixing below.</p>` : ''}
<form method="post" action="/orgs/${org.id}/settings" novalidate>
<input type="hidden" name="${CSRF_FIELD}" value="${csrf}">
<section class="card"><h2>Reminder steps</h2>
<p class="muted">Days are counted from the due date: −3 is three days before it, 10 is ten days after. Steps run in order of days.</p>
${errorOf(f, 'steps')}
<table class="steps"><thead><tr><th>Key</th><th>Days</th><th>Channel</th><th>Tone</th><th>Template</th><th>Charges</th><th>Needs approval</th><th>Remove</th></tr></thead>
<tbody>${rows.map((r) => stepRow(f, r, false))}${stepRow(f, blank, true)}</tbody></table></section>
<section class="card"><h2>When to send</h2><p class="muted">Now: ${describeWindow(win)}, in ${org.timeZone}.</p>
<div class="grid">${input(f, 'sendWindow.startHour', 'From hour (0–23)')}${input(f, 'sendWindow.endHour', 'Until hour (1–24)')}
${input(f, 'minDaysBetweenContacts', 'Minimum days between two contacts')}${input(f, 'promiseGraceDays', 'Days of grace after a promised date')}</div>
${wrap(f, 'sendWindow.weekdays', html`<label>Weekdays</label>${WEEKDAYS.map((d, i) => html`<label class="inline"><input type="checkbox" name="sendWindow.weekdays" value="${i + 1}"${picked.has(String(i + 1)) ? html` checked` : ''}> ${d}</label>`)}`)}
${checkbox(f, 'consolidate', 'One email per customer listing all their due invoices')}</section>
<section class="card"><h2>Late-payment charges</h2><div class="grid">
${select(f, 'charges.regime', ['auto', 'FR', 'UK', 'DE', 'IE', 'EU', 'custom', 'none'], 'Regime', { auto: 'auto (from the countries)', none: 'none' })}
${input(f, 'charges.contractRatePercent', 'Contract rate (% a year, empty: statutory)')}
${select(f, 'charges.writeAs', ['separate-invoice', 'line-on-original'], 'Write charges as', { 'separate-invoice': 'a separate invoice', 'line-on-original': 'lines on the original invoice' })}
${bookToField(f, options.booking)}</div>${linesNote(options.booking)}${rateNote(options.rate ?? null)}</section>
<section class="card"><h2>Sender</h2><div class="grid">${input(f, 'sender.name', 'Name your customers see')}${input(f, 'sender.email', 'Reply-to address', 'email')}</div></section>
${sendingCard(org, f, options.relayAddress ?? 'the relay address')}
<section class="card"><h2>Branding</h2><div class="grid">${input(f, 'branding.logoUrl', 'Logo URL (https)', 'url')}${input(f, 'branding.colour', 'Colour (#rrggbb)')}</div>
${wrap(f, 'branding.signature', html`<label for="branding.signature">Signature</label><textarea id="branding.signature" name="branding.signature">${val(f, 'branding.signature')}</textarea>`)}
${wrap(f, 'branding.legalFooter', html`<label for="branding.legalFooter">Legal footer</label><textarea id="branding.legalFooter" name="branding.legalFooter">${val(f, 'branding.legalFooter')}</textarea>`)}</section>
<p><button type="submit">Save settings</button> <a class="button secondary" href="/orgs/${org.id}">Cancel</a></p>
</form>
<section class="card"><h2>Send me a test</h2><p class="muted">A firm reminder with sample invoices, sent as your customers would get it (saved settings) to ${org.sender.email}.</p>
<form method="post" action="/orgs/${org.id}/test-email"><input type="hidden" name="${CSRF_FIELD}" value="${csrf}"><button class="secondary">Send me a test</button></form></section>`,
    { nav: nav(org) },
  );
}

import type { ConnectionExpiry } from '../../core/connection-expiry.ts';
import { type Organisation, inPreview } from '../../core/organisation.ts';
import { describeStep, formatDay } from '../../core/schedule/index.ts';
import { AGE_BUCKETS, type CurrencyReceivables, type HistoryEvent } from '../../core/store.ts';
import { PLACEHOLDER_EMAIL } from '../../services/index.ts';
import { html, raw, type Html } from '../html.ts';
import { page } from '../layout.ts';
import { CSRF_FIELD } from '../middleware/csrf.ts';
import { ownerNav } from '../owner-nav.ts';
import { pageLanguage } from '../words.ts';
import { connectionCard, expiryNotice, sendingCard, syncCard, zonedStamp } from './cards.ts';
import { barChart } from './chart.ts';
import { daysSalesOutstanding } from './figures.ts';
import { formatAmount } from './format.ts';
import { type DashboardData, NEEDS_SHOWN, type CountedRows, UPCOMING_LIMIT } from './load.ts';
import { upcomingReason } from './reasons.ts';
import { type DashboardWords, dashboardWords } from './words.ts';

export type DashboardView = {
  org: Organisation;
  /** How pages name the organisation's ledger (its definition's display name). */
  ledgerName: string;
  csrf: string;
  notice: string | null;
  /** The connection's hard expiry when it is near or past; null: nothing to say. */
  expiry: ConnectionExpiry | null;
  data: DashboardData;
};

type Ctx = { org: Organisation; w: DashboardWords; amount: (minor: number, currency: string) => string };

const contextOf = (org: Organisation): Ctx => ({
  org,
  w: dashboardWords(org.locale),
  amount: (minor, currency) => formatAmount(minor, currency, org.locale),
});

const invoiceLink = (org: Organisation, id: string, number: string | undefined) =>
  html`<a href="/orgs/${org.id}/invoices/${id}">${number ?? id}</a>`;

// ---- what is owed

function figure(label: string, value: string, extra?: Html | string): Html {
  return html`<div class="figure"><dt>${label}</dt><dd>${value}${extra ?? ''}</dd></div>`;
}

function agedChart(ctx: Ctx, r: CurrencyReceivables): Html {
  const { w, amount } = ctx;
  const bars = AGE_BUCKETS.map((b) => ({ key: b, label: w[`bucket_${b}`], value: r.buckets[b], text: amount(r.buckets[b], r.currency) }));
  const rows = bars.map((b) => html`<tr><th scope="row">${b.label}</th><td class="num">${b.text}</td></tr>`);
  return html`<h3 id="aged-title">${w.agedTitle}</h3>
<figure class="aged">${barChart('aged-chart', w.agedChart(r.currency), bars)}
<div class="sr-only"><table><caption>${w.agedCaption(r.currency)}</caption><thead><tr><th scope="col">${w.age}</th><th scope="col">${w.amount}</th></tr></thead><tbody>${rows}</tbody></table></div></figure>`;
}

function otherCurrencies(ctx: Ctx, others: CurrencyReceivables[]): Html | '' {
  if (others.length === 0) return '';
  const { w, amount } = ctx;
  const rows = others.map(
    (
      r,
    ) => html`<tr><th scope="row">${r.currency}</th><td class="num">${amount(r.openMinor, r.currency)}</td><td class="num">${amount(r.overdueMinor, r.currency)}</td>
<td class="num">${amount(r.promisedMinor, r.currency)}</td><td class="num">${amount(r.disputedMinor, r.currency)}</td><td class="num">${r.invoices}</td></tr>`,
  );
  return html`<h3>${w.otherCurrencies}</h3><div class="scroll"><table class="currencies"><thead><tr><th scope="col">${w.currency}</th><th scope="col">${w.open}</th>
<th scope="col">${w.overdue}</th><th scope="col">${w.promised}</th><th scope="col">${w.disputed}</th><th scope="col">#</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

function owedCard(ctx: Ctx, data: DashboardData): Html {
  const { w, amount } = ctx;
  const { base, fromLedger, others } = data.owed;
  if (!base)
    return html`<section class="card" aria-labelledby="owed-title"><h2 id="owed-title">${w.owedTitle}</h2><p class="muted">${w.nothingOwed}</p></section>`;
  const dso = daysSalesOutstanding(base);
  const c = base.currency;
  return html`<section class="card owed" aria-labelledby="owed-title"><h2 id="owed-title">${w.owedTitle}</h2>
<p class="muted">${fromLedger ? w.owedIn(c) : w.owedInMost(c)} · ${w.invoicesOpen(base.invoices)}</p>
<dl class="figures">${figure(w.open, amount(base.openMinor, c))}${figure(w.overdue, amount(base.overdueMinor, c))}
${figure(w.promised, amount(base.promisedMinor, c))}${figure(w.disputed, amount(base.disputedMinor, c))}
${figure(w.dso, dso === null ? '—' : w.dsoValue(dso), dso === null ? html`<span class="muted small"> ${w.dsoNone}</span>` : '')}</dl>
<p class="formula muted">${w.dsoFormula}</p>
${agedChart(ctx, base)}${otherCurrencies(ctx, others)}</section>`;
}

// ---- what relance will do

function upcomingCard(ctx: Ctx, data: DashboardData): Html {
  const { org, w, amount } = ctx;
  const title = html`<h2 id="upcoming-title">${w.upcomingTitle}</h2>`;
  if (data.upcoming.length === 0)
    return html`<section class="card" aria-labelledby="upcoming-title">${title}<p class="muted">${w.upcomingNone}</p></section>`;
  const rows = data.upcoming.map(
    (a) => html`<tr><td class="date">${a.on === data.today ? w.today : formatDay(a.on, org.locale)}</td>
<td>${invoiceLink(org, a.invoice.id, a.invoice.number)}</td><td>${a.contactName}</td><td class="num">${amount(a.invoice.amountDueMinor, a.invoice.currency)}</td>
<td>${upcomingReason(org, a.invoice, a.stepKey ?? null, a.on, w)}</td></tr>`,
  );
  return html`<section class="card" aria-labelledby="upcoming-title">${title}
<div class="scroll"><table class="upcoming"><thead><tr><th scope="col">${w.date}</th><th scope="col">${w.invoice}</th><th scope="col">${w.customer}</th>
<th scope="col">${w.balance}</th><th scope="col">${w.what}</th></tr></thead><tbody>${rows}</tbody></table></div>
${data.upcoming.length >= UPCOMING_LIMIT ? html`<p class="muted">${w.upcomingMore}</p>` : ''}</section>`;
}

// ---- needs you

function more(ctx: Ctx, total: number, shown: number): Html | '' {
  return total > shown ? html`<li class="muted">${ctx.w.andMore(total - shown)}</li>` : '';
}

function reminderItems(ctx: Ctx, counted: CountedRows, csrf: string | null): Html {
  const { org } = ctx;
  const items = counted.rows.slice(0, NEEDS_SHOWN).map(
    ({
      reminder: r,
      invoice,
    }) => html`<li>${invoiceLink(org, r.invoiceId, invoice?.number)} · ${describeStep(r.step, org.locale)}${r.reason ? html` · <span class="muted">${r.reason}</span>` : ''}
${csrf ? html` <form class="inline" method="post" action="/orgs/${org.id}/reminders/${r.id}/approve"><input type="hidden" name="${CSRF_FIELD}" value="${csrf}"><button class="small">${ctx.w.approve}</button></form>` : ''}</li>`,
  );
  return html`<ul class="plain">${items}${more(ctx, counted.total, Math.min(counted.rows.length, NEEDS_SHOWN))}</ul>`;
}

function needsCard(ctx: Ctx, data: DashboardData, csrf: string): Html {
  const { org, w, amount } = ctx;
  const blocks: Html[] = [];
  if (data.disputes.total > 0) {
    const items = data.disputes.rows.map(
      ({ invoice, contactName }) =>
        html`<li>${invoiceLink(org, invoice.id, invoice.number)} · ${contactName} · ${amount(invoice.amountDueMinor, invoice.currency)}${data.disputes.reasons.has(invoice.id) ? html` · <q>${data.disputes.reasons.get(invoice.id)}</q>` : ''}</li>`,
    );
    blocks.push(
      html`<h3>${w.disputes(data.disputes.total)}</h3><ul class="plain">${items}${more(ctx, data.disputes.total, data.disputes.rows.length)}</ul>`,
    );
  }
  if (data.broken.total > 0) {
    const items = data.broken.rows.map(
      ({ invoice, contactName }) =>
        html`<li>${invoiceLink(org, invoice.id, invoice.number)} · ${contactName} · ${amount(invoice.amountDueMinor, invoice.currency)}</li>`,
    );
    blocks.push(
      html`<h3>${w.broken(data.broken.total)}</h3><ul class="plain">${items}${more(ctx, data.broken.total, data.broken.rows.length)}</ul>`,
    );
  }
  if (data.uncertain.total > 0) blocks.push(html`<h3>${w.uncertain(data.uncertain.total)}</h3>${reminderItems(ctx, data.uncertain, null)}`);
  if (data.failed.total > 0) blocks.push(html`<h3>${w.failed(data.failed.total)}</h3>${reminderItems(ctx, data.failed, null)}`);
  if (data.approvals.total > 0) blocks.push(html`<h3>${w.approvals(data.approvals.total)}</h3>${reminderItems(ctx, data.approvals, csrf)}`);
  if (data.tasksDue > 0) blocks.push(html`<h3>${w.tasksDue(data.tasksDue)}</h3><p><a href="/orgs/${org.id}/tasks">${w.openTasks}</a></p>`);
  return html`<section class="card needs" aria-labelledby="needs-title"><h2 id="needs-title">${w.needsTitle}</h2>
${blocks.length === 0 ? html`<p class="muted">${w.needsNothing}</p>` : blocks}</section>`;
}

// ---- recent activity

const EVENT_WORDS: Partial<Record<HistoryEvent['kind'], keyof DashboardWords>> = {
  'email-sent': 'ev_email_sent',
  'task-created': 'ev_task_created',
  'task-done': 'ev_task_done',
  approved: 'ev_approved',
  answer: 'ev_answer',
  'charge-written': 'ev_charge_written',
  'charge-waived': 'ev_charge_waived',
  'owner-action': 'ev_owner_action',
  sending: 'ev_sending',
  failed: 'ev_failed',
  uncertain: 'ev_uncertain',
  connection: 'ev_connection',
  cancelled: 'ev_cancelled',
};

/** The detail worth a glance (step, answer, action, reason), never the whole record. */
function eventDetail(detail: Record<string, unknown>): string {
  return ['answer', 'action', 'step', 'reason', 'status']
    .map((k) => detail[k])
    .filter((v): v is string => typeof v === 'string' && v.length > 0)
    .join(' · ');
}

function activityCard(ctx: Ctx, data: DashboardData): Html {
  const { org, w } = ctx;
  const items = data.activity.map(({ event, invoice }) => {
    const key = EVENT_WORDS[event.kind];
    const what = key ? String(w[key]) : event.kind;
    const detail = eventDetail(event.detail);
    return html`<li><time datetime="${event.at}">${zonedStamp(event.at, org.timeZone)}</time> · <strong>${what}</strong>${event.invoiceId ? html` · ${invoiceLink(org, event.invoiceId, invoice?.number)}` : ''}${detail ? html` · <span class="muted">${detail}</span>` : ''}</li>`;
  });
  return html`<section class="card" aria-labelledby="activity-title"><h2 id="activity-title">${w.activityTitle}</h2>
${items.length === 0 ? html`<p class="muted">${w.activityNone}</p>` : html`<ul class="plain activity">${items}</ul>`}</section>`;
}

// ---- the page

/** The dashboard's sections (the start page shows them under the preview's review too). */
export function dashboardBody(m: DashboardView): Html {
  const ctx = contextOf(m.org);
  const { org, w } = ctx;
  const placeholder =
    org.sender.email === PLACEHOLDER_EMAIL
      ? html`<p class="notice bad">${w.placeholder} <a href="/orgs/${org.id}/settings">${w.setReply}</a>.</p>`
      : '';
  return html`${expiryNotice(org, m.expiry, m.ledgerName, w)}${placeholder}
${needsCard(ctx, m.data, m.csrf)}
${owedCard(ctx, m.data)}
${upcomingCard(ctx, m.data)}
${activityCard(ctx, m.data)}
<div class="grid">${connectionCard(org, m.csrf, m.ledgerName, w)}${syncCard(m.data.sync, org.timeZone, w)}${inPreview(org) ? '' : sendingCard(org, m.csrf, w)}</div>`;
}

/** Where a notice goes on a page rendered without one (a kept page gets the notice of its request there). */
export const NOTICE_MARK = '<!--notice-->';

export const noticeOf = (notice: string): Html => html`<p class="notice" role="status">${notice}</p>`;

export function dashboardPage(m: DashboardView): Html {
  const { org } = m;
  const w = dashboardWords(org.locale);
  return page(
    `${w.title} · ${org.name}`,
    html`<h1>${org.name}</h1>
${m.notice ? noticeOf(m.notice) : raw(NOTICE_MARK)}
${dashboardBody(m)}`,
    { lang: pageLanguage(org.locale), nav: ownerNav(org, 'home') },
  );
}

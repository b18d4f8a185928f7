import type { CalendarDate } from '../../core/calendar.ts';
import type { Organisation } from '../../core/organisation.ts';
import type { CustomerRow, HistoryEvent, InvoiceRow, StoredContact } from '../../core/store.ts';
import type { CustomerPolicy } from '../../core/schedule/index.ts';
import { html, type Html } from '../html.ts';
import { page } from '../layout.ts';
import { ownerNav } from '../owner-nav.ts';
import { invoiceTable } from '../invoices/list-view.ts';
import { timelineTable } from '../invoices/timeline.ts';
import { csrfInput, errorFor, field, type FormState, formError, typedValue } from './fields.ts';
import { badges, day, type ListParams, listControls, moneyLines, nextDay, pager, stepName } from './list.ts';
import { customerWords } from './words.ts';

export type CustomersModel = { org: Organisation; params: ListParams; rows: CustomerRow[]; total: number; today: CalendarDate };

export function customersPage(m: CustomersModel): Html {
  const { org } = m;
  const w = customerWords(org.locale);
  const path = `/orgs/${org.id}/customers`;
  const rows = m.rows.map(
    (r) => html`<tr>
<th scope="row"><a href="${path}/${r.contact.id}">${r.contact.name}</a> ${badges({ promised: r.promised, disputed: r.disputed, paused: r.contact.paused }, org.locale)}</th>
<td class="num" data-label="${w.owed}">${moneyLines(
      r.owed.map((o) => ({ currency: o.currency, minor: o.openMinor })),
      org.locale,
    )}</td>
<td class="num" data-label="${w.overdueCol}">${moneyLines(
      r.owed.map((o) => ({ currency: o.currency, minor: o.overdueMinor })),
      org.locale,
    )}</td>
<td class="num" data-label="${w.openInvoices}">${r.openInvoices}</td>
<td data-label="${w.nextAction}">${r.nextActionOn ? html`${nextDay(r.nextActionOn, m.today, org.locale)}<br><span class="muted">${stepName(org.policy, r.nextActionStep, org.locale)}</span>` : '—'}</td></tr>`,
  );
  return page(
    w.title,
    html`<h1>${w.title}</h1>
${listControls(path, m.params, org.locale)}
${
  m.rows.length > 0
    ? html`<div class="table-scroll"><table class="list customers"><caption class="sr-only">${w.title}</caption><thead><tr><th scope="col">${w.name}</th><th scope="col">${w.owed}</th><th scope="col">${w.overdueCol}</th><th scope="col">${w.openInvoices}</th><th scope="col">${w.nextAction}</th></tr></thead><tbody>${rows}</tbody></table></div>`
    : ''
}
${pager(path, m.params, m.rows.length, m.total, org.locale)}`,
    { lang: org.locale.startsWith('fr') ? 'fr' : 'en', nav: ownerNav(org, 'customers') },
  );
}

export type CustomerModel = {
  org: Organisation;
  contact: StoredContact;
  invoices: InvoiceRow[];
  events: HistoryEvent[];
  /** Which policy their invoices fall under (core/schedule customerPolicy). */
  policy: CustomerPolicy;
  csrf: string;
  notice: string | null;
  today: CalendarDate;
  form?: FormState | null;
};

/** Pause (until a date, or until resumed) or resume: the same form for a customer and an invoice. */
export function pauseForms(
  action: string,
  csrf: string,
  paused: { paused: boolean; until: CalendarDate | null },
  words: { legend: string; until: string; pause: string; resume: string; pausedUntil: (d: string) => string; pausedForever: string },
  locale: string,
  state?: FormState | null,
): Html {
  const status = paused.paused
    ? html`<p class="notice warn">${paused.until ? words.pausedUntil(day(paused.until, locale)) : words.pausedForever}</p>
<form method="post" action="${action}/resume">${csrfInput(csrf)}<button>${words.resume}</button></form>`
    : '';
  return html`${status}<form method="post" action="${action}/pause" class="stacked">${csrfInput(csrf)}<fieldset><legend>${words.legend}</legend>
${formError(state, 'pause')}
${field('until', 'until', words.until, (invalid) => html`<input id="until" name="until" type="date" value="${typedValue(state, 'pause', 'until')}"${invalid}>`, errorFor(state, 'pause', 'until'))}
<p><button class="secondary">${words.pause}</button></p></fieldset></form>`;
}

export function customerPage(m: CustomerModel): Html {
  const { org, contact } = m;
  const w = customerWords(org.locale);
  const base = `/orgs/${org.id}/customers/${contact.id}`;
  const emails =
    contact.emails.length > 0
      ? html`${contact.emails.map((e, i) => html`${i > 0 ? ', ' : ''}<a href="mailto:${e}">${e}</a>`)}`
      : html`<span class="notice-inline bad">${w.noEmail}</span>`;
  const phone = contact.phone
    ? html`<a href="tel:${contact.phone.replace(/[^\d+]/g, '')}">${contact.phone}</a>`
    : html`<span class="muted">${w.noPhone}</span>`;
  const policy = policyText(m.policy, org.locale);
  return page(
    contact.name,
    html`<h1>${contact.name} ${badges({ paused: contact.paused }, org.locale)}</h1>
${m.notice ? html`<p class="notice" role="status">${m.notice}</p>` : ''}
<div class="grid"><section class="card"><h2>${w.contact}</h2><dl class="facts">
<dt>${w.emails}</dt><dd>${emails}</dd><dt>${w.phone}</dt><dd>${phone}</dd>
<dt>${w.kind}</dt><dd>${contact.isConsumer ? w.consumer : w.business}</dd></dl></section>
<section class="card"><h2>${w.policy}</h2>${policy}
${pauseForms(
  base,
  m.csrf,
  { paused: contact.paused, until: contact.pausedUntil ?? null },
  {
    legend: w.pause,
    until: w.pauseUntil,
    pause: w.pauseButton,
    resume: w.resume,
    pausedUntil: w.pausedUntil,
    pausedForever: w.pausedForever,
  },
  org.locale,
  m.form,
)}</section></div>
<section class="card"><h2>${w.invoices}</h2>${invoiceTable(org, m.invoices, m.today, { withCustomer: false })}</section>
<section class="card"><h2>${w.history}</h2>${timelineTable(m.events, org, invoiceLink(org, m.invoices))}</section>`,
    { lang: org.locale.startsWith('fr') ? 'fr' : 'en', nav: ownerNav(org, 'customers') },
  );
}

/** Rule bounds carry no currency (they read the amount owed in the invoice's own): shown as plain amounts. */
const bound = (minor: number | undefined, locale: string): string | null =>
  minor === undefined ? null : (minor / 100).toLocaleString(locale.startsWith('fr') ? 'fr-FR' : 'en-GB', { minimumFractionDigits: 2 });

function policyText(policy: CustomerPolicy, locale: string): Html {
  const w = customerWords(locale);
  if (policy.kind === 'one') return html`<p>${w.policyIs(policy.choice.policyName)}</p>`;
  const items = policy.choices.map(
    (c) => html`<li>${w.fromTo(c.policyName, bound(c.minAmountMinor, locale), bound(c.maxAmountMinor, locale))}</li>`,
  );
  return html`<p>${w.byAmount}</p><ul>${items}</ul>`;
}

/** A customer's history names the invoice each event is about (their invoices are on the page already). */
function invoiceLink(org: Organisation, rows: InvoiceRow[]) {
  const numbers = new Map(rows.map((r) => [r.invoice.id, r.invoice.number]));
  return (e: HistoryEvent): Html | string => {
    const number = e.invoiceId ? numbers.get(e.invoiceId) : undefined;
    return number ? html`<a href="/orgs/${org.id}/invoices/${e.invoiceId}">${number}</a> · ` : '';
  };
}

import { type CalendarDate, daysBetween } from '../../core/calendar.ts';
import type { Organisation } from '../../core/organisation.ts';
import type { InvoiceRow } from '../../core/store.ts';
import { html, type Html } from '../html.ts';
import { page } from '../layout.ts';
import { ownerNav } from '../owner-nav.ts';
import { badges, day, type ListParams, nextDay, listControls, moneyLines, pager, stepName } from '../customers/list.ts';
import { invoiceWords, statusName } from './words.ts';

/** Whole days past the due date on `today` (0: not overdue). */
export const daysOverdue = (dueDate: CalendarDate, today: CalendarDate): number => Math.max(0, daysBetween(dueDate, today));

/** Invoices as a table: the invoices list and a customer's page. */
export function invoiceTable(org: Organisation, rows: InvoiceRow[], today: CalendarDate, options: { withCustomer: boolean }): Html {
  const w = invoiceWords(org.locale);
  if (rows.length === 0) return html``;
  const body = rows.map(({ invoice: i, contactName, promised, disputed }) => {
    const late = i.status === 'open' ? daysOverdue(i.dueDate, today) : 0;
    return html`<tr>
<th scope="row"><a href="/orgs/${org.id}/invoices/${i.id}">${i.number}</a> ${badges({ promised, disputed, paused: i.paused }, org.locale)}</th>
${options.withCustomer ? html`<td data-label="${w.customer}"><a href="/orgs/${org.id}/customers/${i.contactId}">${contactName}</a></td>` : ''}
<td data-label="${w.due}">${day(i.dueDate, org.locale)}${late > 0 ? html`<br><span class="late">${w.daysOverdue}: ${late}</span>` : ''}</td>
<td class="num" data-label="${w.balance}">${moneyLines([{ currency: i.currency, minor: i.amountDueMinor }], org.locale)}</td>
<td data-label="${w.status}">${statusName(org.locale, i.status)}</td>
<td data-label="${w.nextAction}">${i.nextActionOn && i.status === 'open' ? html`${nextDay(i.nextActionOn, today, org.locale)}<br><span class="muted">${stepName(org.policy, i.nextActionStep, org.locale)}</span>` : '—'}</td></tr>`;
  });
  return html`<div class="table-scroll"><table class="list invoices"><caption class="sr-only">${w.title}</caption><thead><tr><th scope="col">${w.number}</th>${
    options.withCustomer ? html`<th scope="col">${w.customer}</th>` : ''
  }<th scope="col">${w.due}</th><th scope="col">${w.balance}</th><th scope="col">${w.status}</th><th scope="col">${w.nextAction}</th></tr></thead><tbody>${body}</tbody></table></div>`;
}

export type InvoicesModel = { org: Organisation; params: ListParams; rows: InvoiceRow[]; total: number; today: CalendarDate };

export function invoicesPage(m: InvoicesModel): Html {
  const { org } = m;
  const w = invoiceWords(org.locale);
  const path = `/orgs/${org.id}/invoices`;
  const toggle = html`<div class="toggle"><label class="inline"><input type="checkbox" name="all" value="1"${m.params.all ? html` checked` : ''}> ${w.showAll}</label></div>`;
  return page(
    w.title,
    html`<h1>${w.title}</h1>
${listControls(path, m.params, org.locale, toggle)}
${invoiceTable(org, m.rows, m.today, { withCustomer: true })}
${pager(path, m.params, m.rows.length, m.total, org.locale)}`,
    { lang: org.locale.startsWith('fr') ? 'fr' : 'en', nav: ownerNav(org, 'invoices') },
  );
}

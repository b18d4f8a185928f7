import type { Organisation } from '../../core/organisation.ts';
import type { HistoryEvent } from '../../core/store.ts';
import type { ServiceDeps } from '../../services/deps.ts';
import { html, type Html } from '../html.ts';
import { page } from '../layout.ts';
import { nav } from './views.ts';

/** What the outbox lists: the emails that left, and those that may have or did not, with why. */
export const OUTBOX_KINDS: HistoryEvent['kind'][] = ['email-sent', 'uncertain', 'failed'];
export const OUTBOX_LIMIT = 200;

const STATUS: Partial<Record<HistoryEvent['kind'], string>> = { 'email-sent': 'sent', uncertain: 'uncertain', failed: 'failed' };

const text = (v: unknown): string => (typeof v === 'string' ? v : '');
const recipients = (v: unknown): string => (Array.isArray(v) ? v.filter((x) => typeof x === 'string').join(', ') : text(v));

export async function outboxPage(deps: ServiceDeps, org: Organisation): Promise<Html> {
  const events = await deps.store.recentEvents(org.id, OUTBOX_KINDS, OUTBOX_LIMIT);
  const ids = [...new Set(events.map((e) => e.invoiceId).filter((id): id is string => id !== null))];
  const numbers = new Map((await deps.store.invoicesById(org.id, ids)).map((i) => [i.id, i.number]));
  const rows = events.map(
    (e) => html`<tr class="${STATUS[e.kind] ?? e.kind}">
<td>${e.at.replace('T', ' ').slice(0, 16)}</td><td>${recipients(e.detail.to)}</td><td>${text(e.detail.subject)}</td><td>${text(e.detail.step)}</td>
<td>${e.invoiceId ? html`<a href="/orgs/${org.id}/invoices/${e.invoiceId}">${numbers.get(e.invoiceId) ?? e.invoiceId}</a>` : ''}</td>
<td>${STATUS[e.kind] ?? e.kind}${e.detail.reason ? html`: ${text(e.detail.reason)}` : ''}</td></tr>`,
  );
  return page(
    `Outbox · ${org.name}`,
    html`<h1>Outbox</h1>
<p class="muted">The emails relance sent for ${org.name}, newest first${events.length === OUTBOX_LIMIT ? html` (the latest ${OUTBOX_LIMIT})` : ''}. An uncertain one may have left: relance never sends it again by itself.</p>
<section class="card">${
      events.length === 0
        ? html`<p class="muted">No email sent yet.</p>`
        : html`<table class="outbox"><thead><tr><th>When (UTC)</th><th>To</th><th>Subject</th><th>Step</th><th>Invoice</th><th>Status</th></tr></thead><tbody>${rows}</tbody></table>`
    }</section>`,
    { nav: nav(org) },
  );
}

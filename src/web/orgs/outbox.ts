import type { Organisation } from '../../core/organisation.ts';
import type { HistoryEvent } from '../../core/store.ts';
import type { ServiceDeps } from '../../services/deps.ts';
import { html, type Html } from '../html.ts';
import { page } from '../layout.ts';
import { ownerNav } from '../owner-nav.ts';
import { pageLanguage } from '../words.ts';
import { outboxWords } from './words.ts';

/** What the outbox lists: the emails that left, and those that may have or did not, with why. */
export const OUTBOX_KINDS: HistoryEvent['kind'][] = ['email-sent', 'uncertain', 'failed'];
export const OUTBOX_LIMIT = 200;

const STATUS: Partial<Record<HistoryEvent['kind'], 'sent' | 'uncertain' | 'failed'>> = {
  'email-sent': 'sent',
  uncertain: 'uncertain',
  failed: 'failed',
};

const text = (v: unknown): string => (typeof v === 'string' ? v : '');
const recipients = (v: unknown): string => (Array.isArray(v) ? v.filter((x) => typeof x === 'string').join(', ') : text(v));

export async function outboxPage(deps: ServiceDeps, org: Organisation): Promise<Html> {
  const w = outboxWords(org.locale);
  const status = (kind: HistoryEvent['kind']) => {
    const s = STATUS[kind];
    return s ? w[s] : kind;
  };
  const events = await deps.store.recentEvents(org.id, OUTBOX_KINDS, OUTBOX_LIMIT);
  const ids = [...new Set(events.map((e) => e.invoiceId).filter((id): id is string => id !== null))];
  const numbers = new Map((await deps.store.invoicesById(org.id, ids)).map((i) => [i.id, i.number]));
  const rows = events.map(
    (e) => html`<tr class="${STATUS[e.kind] ?? e.kind}">
<td>${e.at.replace('T', ' ').slice(0, 16)}</td><td>${recipients(e.detail.to)}</td><td>${text(e.detail.subject)}</td><td>${text(e.detail.step)}</td>
<td>${e.invoiceId ? html`<a href="/orgs/${org.id}/invoices/${e.invoiceId}">${numbers.get(e.invoiceId) ?? e.invoiceId}</a>` : ''}</td>
<td>${status(e.kind)}${e.detail.reason ? html`: ${text(e.detail.reason)}` : ''}</td></tr>`,
  );
  return page(
    `${w.title} · ${org.name}`,
    html`<h1>${w.title}</h1>
<p class="muted">${w.intro(org.name, events.length === OUTBOX_LIMIT ? w.latest(OUTBOX_LIMIT) : '')}</p>
<section class="card">${
      events.length === 0
        ? html`<p class="muted">${w.none}</p>`
        : html`<div class="table-scroll"><table class="outbox"><thead><tr><th scope="col">${w.when}</th><th scope="col">${w.to}</th><th scope="col">${w.subject}</th><th scope="col">${w.step}</th><th scope="col">${w.invoice}</th><th scope="col">${w.status}</th></tr></thead><tbody>${rows}</tbody></table></div>`
    }</section>`,
    { nav: ownerNav(org, 'outbox'), lang: pageLanguage(org.locale) },
  );
}

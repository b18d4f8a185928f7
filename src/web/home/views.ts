import type { LedgerApp } from '../../core/connection.ts';
import type { Organisation } from '../../core/organisation.ts';
import { vendorName } from '../connect/views.ts';
import { html, type Html } from '../html.ts';
import { page } from '../layout.ts';

/** The owner's organisations, and a button for every ledger this install runs ("Connect to …" its display name). */
export function homePage(orgs: Organisation[], connectors: Record<string, LedgerApp>): Html {
  const list =
    orgs.length === 0
      ? html`<p class="muted">No organisation connected in this browser yet.</p>`
      : html`<ul class="plain">${orgs.map((o) => html`<li><a href="/orgs/${o.id}">${o.name}</a> <span class="muted">${vendorName(o.vendor, connectors)} · ${o.connectionStatus}</span></li>`)}</ul>`;
  const buttons = Object.values(connectors).map((l) => html`<a class="button" href="/connect/${l.id}">Connect to ${l.displayName}</a> `);
  return page(
    'Your organisations',
    html`<h1>relance</h1>
<section class="card"><h2>Your organisations</h2>${list}</section>
<section class="card"><p>relance reminds your customers of unpaid invoices, politely and on time, in your name.</p>${buttons}</section>`,
  );
}

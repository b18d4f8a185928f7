import { money, formatMoney } from '../../../src/core/money.ts';
import { today } from './accounting/document-input.ts';
import { addPayment, amountsOf, contactName } from './accounting/ledger.ts';
import type { SandboxApp, SandboxContext } from './context.ts';
import type { SandboxInvoice, Tenant } from './state.ts';

/**
 * The customer-facing online invoice (in.xero.com in real life) with a "Pay now" button, so the demo can play the
 * customer who pays from a reminder's link. Paying records a payment and fires the webhook, as a card payment would.
 */

const esc = (s: string): string => s.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch] as string);

function find(ctx: SandboxContext, token: string): { tenant: Tenant; inv: SandboxInvoice } | null {
  for (const tenant of ctx.state.tenants.values()) {
    for (const inv of tenant.invoices.values()) if (inv.onlineToken === token) return { tenant, inv };
  }
  return null;
}

function page(tenant: Tenant, inv: SandboxInvoice, note: string): string {
  const locale = tenant.countryCode === 'FR' ? 'fr-FR' : 'en-GB';
  const due = amountsOf(tenant, inv).due;
  const pay =
    inv.status === 'AUTHORISED' && due > 0
      ? `<form method="post"><button type="submit">Pay now ${esc(formatMoney(money(due, inv.currency), locale))}</button></form>`
      : '';
  return `<!doctype html><html lang="${tenant.countryCode === 'FR' ? 'fr' : 'en'}"><head><meta charset="utf-8"><title>${esc(inv.number)}</title></head>
<body><main><h1>${esc(tenant.name)}</h1><p>Invoice ${esc(inv.number)} for ${esc(contactName(tenant, inv.contactId))}</p>
<p>Due date: ${inv.dueDate ?? ''}</p><p>Amount due: <strong>${esc(formatMoney(money(due, inv.currency), locale))}</strong></p>
<p>Status: ${inv.status}</p>${note}${pay}</main></body></html>`;
}

export function onlineInvoiceRoutes(app: SandboxApp, ctx: SandboxContext): void {
  app.get('/in.xero.com/:token', (c) => {
    const hit = find(ctx, c.req.param('token'));
    return hit ? c.html(page(hit.tenant, hit.inv, '')) : c.text('Invoice not found', 404);
  });
  app.post('/in.xero.com/:token', (c) => {
    const hit = find(ctx, c.req.param('token'));
    if (!hit) return c.text('Invoice not found', 404);
    const { tenant, inv } = hit;
    const due = amountsOf(tenant, inv).due;
    if (inv.status === 'AUTHORISED' && due > 0) {
      addPayment(tenant, inv.id, { amountMinor: due, date: today(tenant, ctx.ids), reference: 'Online payment' }, ctx.ids);
      ctx.emit(tenant, 'INVOICE', inv.id, 'UPDATE');
    }
    return c.html(page(tenant, inv, '<p role="status">Thank you, your payment has been received.</p>'));
  });
}

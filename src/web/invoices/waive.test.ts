import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LedgerError } from '../../core/ports.ts';
import { openPglite, type OpenedStore } from '../../../test/support/stores.ts';
import { webKit } from '../../../test/web/kit.ts';

let opened: OpenedStore;
beforeAll(async () => {
  opened = await openPglite();
});
afterAll(() => opened?.close());

/** An invoice whose charges (€52.10) were written to the ledger as a separate invoice. */
async function withWrittenCharges(locale = 'en') {
  const k = webKit(opened.store);
  const { org, invoiceId } = await k.seededOrg({ locale });
  const at = '2026-03-04T09:00:00.000Z';
  await opened.store.openChargeClaim(
    org.id,
    { invoiceId, currency: 'EUR', interestMinor: 1_210, compensationMinor: 4_000, totalMinor: 5_210, breakdown: {} },
    at,
  );
  await opened.store.finishChargeClaim(
    org.id,
    invoiceId,
    { state: 'written', written: { writtenAs: 'separate-invoice', invoiceExternalId: 'charge-1' } },
    at,
  );
  const waive = vi.spyOn(k.ledger, 'waiveCharges');
  const session = await k.signIn(org.id);
  return { k, org, invoiceId, waive, ...session };
}

describe('waiving charges from the invoice page', () => {
  it('offers the form only when charges were written, and waives them with a credit note and a history line', async () => {
    const { k, org, invoiceId, waive, cookie, csrf } = await withWrittenCharges();
    const path = `/orgs/${org.id}/invoices/${invoiceId}`;
    const page = await (await k.app.request(path, { headers: { cookie } })).text();
    expect(page).toContain('€52.10 written to your ledger as a separate invoice');
    expect(page).toContain(`action="${path}/waive"`);

    const res = await k.post(`${path}/waive`, { _csrf: csrf, reason: 'Loyal customer, first delay' }, cookie);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${path}?done=waived`);
    expect(waive).toHaveBeenCalledTimes(1);
    expect(waive.mock.calls[0]!.slice(1)).toEqual([
      { writtenAs: 'separate-invoice', invoiceExternalId: 'charge-1' },
      'Loyal customer, first delay',
      `relance-waive-${invoiceId}`,
    ]);
    // the charge keeps the id of what was written; the credit note's id is in the history
    expect(await opened.store.chargeOf(org.id, invoiceId)).toMatchObject({
      state: 'waived',
      written: { writtenAs: 'separate-invoice', invoiceExternalId: 'charge-1' },
      waivedBy: 'waive-charge-1',
    });
    expect(await opened.store.history(org.id, invoiceId)).toContainEqual(
      expect.objectContaining({ kind: 'charge-waived', detail: { reason: 'Loyal customer, first delay', creditNote: 'waive-charge-1' } }),
    );

    const after = await (await k.app.request(`${path}?done=waived`, { headers: { cookie } })).text();
    expect(after).toContain('Charges waived');
    expect(after).not.toContain('Waive charges</button>');
    // a second submit (another tab) writes no second credit note
    const again = await k.post(`${path}/waive`, { _csrf: csrf, reason: 'again' }, cookie);
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('no written charges to waive');
    expect(waive).toHaveBeenCalledTimes(1);
  });

  it('needs a reason, said next to the field, and the CSRF token', async () => {
    const { k, org, invoiceId, waive, cookie, csrf } = await withWrittenCharges();
    const path = `/orgs/${org.id}/invoices/${invoiceId}/waive`;
    const res = await k.post(path, { _csrf: csrf, reason: '   ' }, cookie);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/data-field="reason">[\s\S]*?<p class="error"[^>]*>say why: the reason goes on the credit note/);
    expect((await k.post(path, { reason: 'no token' }, cookie)).status).toBe(403);
    expect(waive).not.toHaveBeenCalled();
    expect(await opened.store.chargeOf(org.id, invoiceId)).toMatchObject({ state: 'written' });
  });

  it('keeps the charges and says so when the ledger refuses the credit note', async () => {
    const { k, org, invoiceId, waive, cookie, csrf } = await withWrittenCharges();
    waive.mockRejectedValueOnce(new LedgerError('unavailable', 'Acme Books is down for maintenance'));
    const res = await k.post(`/orgs/${org.id}/invoices/${invoiceId}/waive`, { _csrf: csrf, reason: 'Goodwill' }, cookie);
    expect(res.status).toBe(502);
    const html = await res.text();
    expect(html).toContain('The ledger refused the credit note: Acme Books is down for maintenance');
    expect(html).toContain('Goodwill'); // what the owner typed stays for the retry
    expect(await opened.store.chargeOf(org.id, invoiceId)).toMatchObject({ state: 'written' });
  });

  it('says it in French for a French organisation', async () => {
    const { k, org, invoiceId, cookie, csrf } = await withWrittenCharges('fr');
    const path = `/orgs/${org.id}/invoices/${invoiceId}`;
    expect(await (await k.app.request(path, { headers: { cookie } })).text()).toMatch(
      /52,10\s€ inscrits dans votre comptabilité sur une facture séparée/,
    );
    const res = await k.post(`${path}/waive`, { _csrf: csrf, reason: '' }, cookie);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/data-field="reason">[\s\S]*?<p class="error"[^>]*>dites pourquoi/);
  });

  it('shows no waive form on an invoice without written charges', async () => {
    const k = webKit(opened.store);
    const { org, invoiceId } = await k.seededOrg();
    const { cookie } = await k.signIn(org.id);
    expect(await (await k.app.request(`/orgs/${org.id}/invoices/${invoiceId}`, { headers: { cookie } })).text()).not.toContain('/waive"');
  });
});

import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, calendarDate, localDate } from '../../src/core/calendar.ts';
import type { ChangePage } from '../../src/core/ledger.ts';
import { money } from '../../src/core/money.ts';
import type { ConnectionRef } from '../../src/core/ports.ts';
import type { ConnectorDeps } from '../shared/definition.ts';
import { MemoryTokenVault } from '../shared/memory-vault.ts';
import { xeroConfig } from './config.ts';
import { xeroDefinition } from './index.ts';
import {
  approveConsent,
  createXeroSandbox,
  DEFAULT_CLIENT,
  DEFAULT_WEBHOOK_KEY,
  manualClock,
  SEED_TENANTS,
  seedLedger,
} from './sandbox/index.ts';
import { xeroSandboxHandlers } from './sandbox/msw.ts';

/**
 * The connector against the Xero emulator, as in production: OAuth consent, a full sync while 30% of calls fail with
 * 429/503 and the access token dies twice, then batched reads and write-back that must land once.
 */
// A fixed instant: the suite must pass on any date (this one piled several stamps on the seed's cap before the fix).
const clock = manualClock(new Date('2026-12-01T11:40:00Z'));
const today = localDate(clock.now(), 'Europe/Paris');
const sandbox = createXeroSandbox({ state: seedLedger({ seed: 7, today, invoices: 300, now: clock.now() }), now: clock.now });
const server = setupServer(...xeroSandboxHandlers(sandbox));
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());

const FR = SEED_TENANTS.fr.id;
const conn: ConnectionRef = { orgId: 'org-fr', externalId: FR };
const vault = new MemoryTokenVault();
const waits = clock.waits;
const deps: ConnectorDeps = {
  vault,
  credentials: { clientId: DEFAULT_CLIENT.clientId, clientSecret: DEFAULT_CLIENT.clientSecret },
  clock: { now: clock.now },
  // waiting moves the sandbox's clock: rate windows pass, tokens age
  sleep: clock.sleep,
};
const definition = xeroDefinition(xeroConfig({ overrides: { retry: { attempts: 12 } } }));
const connector = definition.create(deps);

const consent = approveConsent;

const accrecIds = () =>
  [...sandbox.state.tenants.get(FR)!.invoices.values()]
    .filter((i) => i.type === 'ACCREC')
    .map((i) => i.id)
    .sort();

describe('Xero connector end to end, over the sandbox', () => {
  it('connects through the consent screen and lists the organisations', async () => {
    const flow = definition.connect(deps);
    const redirectUri = 'https://relance.example/oauth/xero/callback';
    const start = await flow.start(redirectUri);
    const callbackUrl = await consent(start.url);
    const done = await flow.complete({ callbackUrl, state: start.state, codeVerifier: start.codeVerifier, redirectUri });
    expect(done.tenants.map((t) => t.name).sort()).toEqual([SEED_TENANTS.uk.name, SEED_TENANTS.fr.name].sort());
    expect(done.identity?.subject).toBeTruthy();
    await vault.save(conn.orgId, done.tokens);
  });

  it('syncs every sales invoice despite 30% faults and an access token dying mid-sync', async () => {
    sandbox.control.faults({ rate: 0.3, statuses: [429, 503], seed: 42 });
    const stored = { contacts: new Set<string>(), invoices: new Set<string>(), payments: 0, creditNotes: 0 };
    let cursor: string | null = null;
    let pages = 0;
    const store = (p: ChangePage) => {
      p.contacts.forEach((c) => stored.contacts.add(c.externalId));
      p.invoices.forEach((i) => stored.invoices.add(i.externalId));
      stored.payments += p.payments.length;
      stored.creditNotes += p.creditNotes.length;
      expect(p.rejected).toEqual([]);
      cursor = p.cursor;
    };
    // small pages so the sync spans many calls; the token expires by age once and is revoked once
    const small = xeroDefinition(xeroConfig({ overrides: { limits: { pageSize: 25 }, retry: { attempts: 12 } } })).create(deps);
    for await (const page of small.changes(conn, cursor)) {
      store(page);
      pages++;
      if (pages === 3) clock.advance(31 * 60_000);
      if (pages === 6) sandbox.control.expireAccessTokens();
    }
    expect(pages).toBeGreaterThan(8);
    expect([...stored.invoices].sort()).toEqual(accrecIds());
    expect(stored.payments).toBeGreaterThan(0);
    expect(sandbox.control.refreshCount(FR)).toBe(2);
    expect(waits.length).toBeGreaterThan(0);

    // nothing changed: an incremental round delivers nothing, even where many stamps share the last second
    let again = 0;
    for await (const page of small.changes(conn, cursor)) again += page.invoices.length;
    expect(again).toBe(0);
  });

  it('reads invoices in one call per batch of 50', async () => {
    sandbox.control.faults(null);
    sandbox.control.resetCalls();
    const ids = accrecIds().slice(0, 120);
    const found = await connector.invoicesByIds(conn, ids);
    expect(found.map((i) => i.externalId).sort()).toEqual(ids);
    expect(sandbox.control.calls()['GET /api.xro/2.0/Invoices']).toBe(3);
  });

  it('refreshes once for 50 concurrent calls on an expired token', async () => {
    sandbox.control.faults(null);
    const before = sandbox.control.refreshCount(FR);
    clock.advance(31 * 60_000);
    const id = accrecIds()[0]!;
    const answers = await Promise.all(Array.from({ length: 50 }, () => connector.invoicesByIds(conn, [id])));
    expect(answers.every((a) => a[0]?.externalId === id)).toBe(true);
    expect(sandbox.control.refreshCount(FR)).toBe(before + 1);
  });

  it("answers Xero's webhooks: intent to receive, then a payment's event once per delivery key", async () => {
    const received: string[] = [];
    server.use(
      http.post('https://relance.example/webhooks/xero', async ({ request }) => {
        const result = definition.webhook(new Uint8Array(await request.arrayBuffer()), request.headers, DEFAULT_WEBHOOK_KEY);
        if (!result.ok) return new HttpResponse(null, { status: result.status });
        received.push(...result.changes.map((e) => e.dedupeKey));
        return new HttpResponse(null, { status: 200 });
      }),
    );
    sandbox.control.setWebhook({ url: 'https://relance.example/webhooks/xero' });
    expect(await sandbox.control.intentToReceive()).toMatchObject({ ok: true, correctlySigned: 200, wronglySigned: 401 });
    const inv = [...sandbox.state.tenants.get(FR)!.invoices.values()].find((i) => i.type === 'ACCREC' && i.status === 'AUTHORISED')!;
    await sandbox.control.payInvoice(FR, inv.id);
    await sandbox.control.settled();
    expect(received.some((k) => k.includes(inv.id))).toBe(true);
    sandbox.control.setWebhook({ url: null });
  });

  it('writes a note and charges once each, through faults and retries', async () => {
    sandbox.control.faults({ rate: 0.3, statuses: [429, 503], seed: 9 });
    const inv = [...sandbox.state.tenants.get(FR)!.invoices.values()].find((i) => i.type === 'ACCREC' && i.status === 'AUTHORISED')!;
    const before = sandbox.control.notes(FR, inv.id).length;
    for (let i = 0; i < 2; i++)
      await connector.addNote(conn, inv.id, `Relance 1 envoyée à la comptabilité (${inv.number})`, `rem:${inv.id}:1`);
    expect(sandbox.control.notes(FR, inv.id).length).toBe(before + 1);

    const claim = {
      invoiceExternalId: inv.id,
      invoiceNumber: inv.number,
      contactExternalId: inv.contactId,
      lines: [{ description: `Indemnité forfaitaire pour frais de recouvrement (${inv.number})`, amount: money(4000, 'EUR') }],
      writeAs: 'separate-invoice' as const,
      bookTo: '260',
      issueDate: calendarDate(today),
      dueDate: addDays(calendarDate(today), 15),
    };
    const first = await connector.writeCharges(conn, claim, `charge:${inv.id}`);
    const second = await connector.writeCharges(conn, claim, `charge:${inv.id}`);
    expect(second).toEqual(first);
    const charges = [...sandbox.state.tenants.get(FR)!.invoices.values()].filter(
      (i) => i.reference.includes(inv.number) && i.id !== inv.id,
    );
    expect(charges.map((c) => c.id)).toEqual([first.invoiceExternalId]);
    expect(sandbox.control.invoice(FR, first.invoiceExternalId)).toMatchObject({ Type: 'ACCREC', Total: 40, AmountDue: 40 });
    expect(
      sandbox.control.notes(FR, inv.id).some((n) => n.includes(String(sandbox.control.invoice(FR, first.invoiceExternalId).InvoiceNumber))),
    ).toBe(true);

    const waived = await connector.waiveCharges(conn, first, 'geste commercial', `waive:${inv.id}`);
    expect(waived.externalId).toBeTruthy();
    expect(sandbox.control.invoice(FR, first.invoiceExternalId)).toMatchObject({ AmountDue: 0, AmountCredited: 40 });
    expect(await connector.paymentUrl(conn, inv.id)).toMatch(/^https:\/\/in\.xero\.com\//);
  });

  it("offers the tenant's revenue accounts as charge targets", async () => {
    const targets = await connector.chargeTargets(conn);
    expect(targets).toContainEqual({ id: '260', name: '260 Other Revenue' });
    expect(targets.map((t) => t.id)).not.toContain('090');
  });
});

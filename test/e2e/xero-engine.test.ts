import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WEBHOOK_KEY, SEED_TENANTS } from '../../connectors/xero/sandbox/index.ts';
import { xeroSandboxHandlers } from '../../connectors/xero/sandbox/msw.ts';
import { addDays, type CalendarDate, daysBetween, localDate, zonedInstant } from '../../src/core/calendar.ts';
import type { Organisation } from '../../src/core/organisation.ts';
import { defaultPolicy } from '../../src/core/policy.ts';
import type { StoredReminder } from '../../src/core/store.ts';
import { type World, xeroWorld } from './xero-world.ts';

/**
 * relance over Xero as an owner lives it: the real services, store, mail composer, web app and Xero connector
 * (xero-node) against the Xero sandbox through msw. One world per file (PGlite takes seconds to start); the scenarios
 * run in order on one calendar, each on its own day, and each checks what it added.
 */
const FR = SEED_TENANTS.fr.id;
const UK = SEED_TENANTS.uk.id;
const PARIS = 'Europe/Paris';
/** Each scenario opens a working day at 10:00 in Paris (09:00 in London): inside both send windows. */
const dayAt = (date: string) => zonedInstant(date as CalendarDate, 10, 0, PARIS);
const WEBHOOK_URL = 'https://relance.test/webhooks/xero';

let w: World;
let orgs: Organisation[];
const orgOf = (tenant: string) => orgs.find((o) => o.externalId === tenant)!;
const deliveries: { body: string; signature: string }[] = [];
const server = setupServer();

beforeAll(async () => {
  // pages of 20 so that a sync spans several calls, as 1000-invoice pages do in a real ledger
  w = await xeroWorld({ start: dayAt('2026-03-04'), invoices: 80, pageSize: 20 });
  server.use(
    ...xeroSandboxHandlers(w.sandbox),
    // the sandbox posts its webhooks here; the test delivers them to the app itself, in the order it chooses
    http.post(WEBHOOK_URL, async ({ request }) => {
      deliveries.push({ body: await request.text(), signature: request.headers.get('x-xero-signature') ?? '' });
      return new HttpResponse(null, { status: 200 });
    }),
  );
  server.listen({ onUnhandledFrame: 'error' });
});
afterAll(async () => {
  server.close();
  await w?.close();
});

const used = new Set<string>();
/** A customer with an email address no earlier scenario chased: its reminders are this scenario's alone. */
function freshCustomer(tenant: string): string {
  const c = [...w.state.tenants.get(tenant)!.contacts.values()].find(
    (x) => x.isCustomer && x.email && x.status === 'ACTIVE' && !used.has(x.id),
  );
  if (!c) throw new Error('the seeded ledger ran out of customers');
  used.add(c.id);
  return c.id;
}

/** An invoice the business raises in Xero today, due `dueInDays` from today (negative: already late). */
async function raise(tenant: string, dueInDays: number, amountMinor = 48_000) {
  const today = localDate(w.clock.now(), PARIS);
  const made = await w.control.addInvoice(tenant, {
    contactId: freshCustomer(tenant),
    date: addDays(today, dueInDays - 30),
    dueDate: addDays(today, dueInDays),
    amountMinor,
  });
  return { ...made, tenant };
}

async function stored(tenant: string, invoiceId: string) {
  const [inv] = await w.store.invoicesByExternalId(orgOf(tenant).id, [invoiceId]);
  return inv!;
}

async function remindersOf(tenant: string, invoiceId: string) {
  return w.store.remindersOfInvoices(orgOf(tenant).id, [(await stored(tenant, invoiceId)).id]);
}

/** Emails naming this invoice (numbers repeat across organisations: the sender tells them apart). */
const mailsAbout = (inv: { tenant: string; number: string }) =>
  w.mailer.sent.filter((m) => m.from.name === orgOf(inv.tenant).sender.name && m.text.includes(inv.number));
const sync = (tenant: string, invoiceExternalIds?: string[]) => ({
  type: 'sync' as const,
  orgId: orgOf(tenant).id,
  reason: 'schedule' as const,
  ...(invoiceExternalIds ? { invoiceExternalIds } : {}),
});

/** The step the default policy sends on `today` for an invoice due on `due` (the latest one due), or null. */
function expectedStep(due: CalendarDate, today: CalendarDate) {
  const late = daysBetween(due, today);
  return [...defaultPolicy.steps].reverse().find((s) => s.offsetDays <= late) ?? null;
}

async function sentOf(org: Organisation): Promise<StoredReminder[]> {
  return w.store.remindersInState(org.id, ['sent']);
}

/** Promise 1 and 6, for everything sent so far: one email per message, one note per reminder in Xero. */
async function expectEachOnce() {
  const ids = w.mailer.sent.map((m) => m.messageId);
  expect(new Set(ids).size).toBe(ids.length);
  for (const org of orgs) {
    for (const r of await sentOf(org)) {
      const [inv] = await w.store.invoicesById(org.id, [r.invoiceId]);
      if (r.channel === 'email') expect(ids.filter((id) => id === r.messageId)).toHaveLength(1);
      const mine = w.control.notes(org.externalId, inv!.externalId).filter((n) => n.startsWith('relance'));
      // one note per sent step on that invoice
      const sentSteps = (await w.store.remindersOfInvoices(org.id, [r.invoiceId])).filter((x) => x.state === 'sent').length;
      expect(mine).toHaveLength(sentSteps);
    }
  }
}

describe('relance over Xero, end to end', () => {
  it("a. connect → sync → plan → send → notes: the reminders due for the seeded dates, noted in Xero in the org's language", async () => {
    orgs = await w.connect();
    expect(orgs.map((o) => o.externalId).sort()).toEqual([FR, UK].sort());
    await w.cycle(orgs);

    for (const org of orgs) {
      const today = localDate(w.clock.now(), org.timeZone);
      const invoices = await w.store.invoicesById(org.id, await w.store.openInvoiceIds(org.id));
      const sent = await sentOf(org);
      // a call step is the owner's to do: an open task, not a sent reminder
      const tasks = await w.store.remindersInState(org.id, ['task-open']);
      const byInvoice = new Map([...sent, ...tasks].map((r) => [r.invoiceId, r]));
      const contacts = (
        await w.store.scheduleInputs(
          org.id,
          invoices.map((i) => i.id),
        )
      ).contacts;
      let emailed = 0;
      for (const inv of invoices) {
        const step = expectedStep(inv.dueDate, today);
        const contact = contacts.find((c) => c.id === inv.contactId);
        const reminder = byInvoice.get(inv.id);
        if (!step || step.requiresApproval || !contact?.emails.length || inv.amountDueMinor <= 0) continue;
        expect(reminder?.stepKey, `${inv.number} due ${inv.dueDate}`).toBe(step.key);
        expect(reminder?.state, `${inv.number} (${step.key})`).toBe(step.channel === 'email' ? 'sent' : 'task-open');
        if (step.channel === 'email') emailed++;
      }
      expect(emailed).toBeGreaterThan(0);
      for (const r of sent) {
        const [inv] = await w.store.invoicesById(org.id, [r.invoiceId]);
        // the final step also writes the charges invoice, with its own note: relance's reminder note is the one that starts so
        const notes = w.control.notes(org.externalId, inv!.externalId).filter((n) => n.startsWith('relance'));
        expect(notes).toHaveLength(1);
        expect(notes[0]!.length).toBeLessThanOrEqual(250);
        expect(notes[0]).toMatch(org.locale === 'fr' ? /^relance : .* le \d{4}-\d\d-\d\d/ : /^relance: .* on \d{4}-\d\d-\d\d/);
        if (r.channel !== 'email') continue;
        const mail = w.mailer.sent.find((m) => m.messageId === r.messageId)!;
        expect(mail.text).toContain(inv!.number);
        expect(mail.to.length).toBeGreaterThan(0);
      }
    }
    await expectEachOnce();
  });
  it('b. with 30% of calls answered 429/503 during sync and send, every reminder, email and note lands exactly once', async () => {
    w.clock.set(dayAt('2026-03-09'));
    const late = [await raise(FR, -1), await raise(FR, -1), await raise(FR, -1), await raise(UK, -1)];
    const waited = w.waits.length;
    w.control.faults({ rate: 0.3, statuses: [429, 503], seed: 5 });
    await w.cycle(orgs);
    w.control.faults(null);
    // the faults bit: the connector waited (on the simulated clock) and retried
    expect(w.waits.length).toBeGreaterThan(waited);
    // the next run of the day finds nothing more to do
    await w.cycle(orgs);
    for (const inv of late) {
      const sent = (await remindersOf(inv.tenant, inv.invoiceId)).filter((r) => r.state === 'sent');
      expect(
        sent.map((r) => r.stepKey),
        inv.number,
      ).toEqual(['friendly']);
      expect(mailsAbout(inv)).toHaveLength(1);
      expect(w.control.notes(inv.tenant, inv.invoiceId).filter((n) => n.startsWith('relance'))).toHaveLength(1);
    }
    await expectEachOnce();
  });

  it('c. an access token dying twice mid-sync: the sync completes, with exactly one refresh per expiry', async () => {
    w.clock.set(dayAt('2026-03-10'));
    await w.runJob(sync(FR)); // a day later the token is old: this refresh is not the one under test
    const before = w.control.refreshCount(FR);
    const raised = [];
    for (let i = 0; i < 50; i++) {
      raised.push(await w.control.addInvoice(FR, { dueDate: addDays(localDate(w.clock.now(), PARIS), 40), amountMinor: 10_000 + i }));
    }
    const real = w.connector;
    let pages = 0;
    w.seam.ledger = {
      vendor: real.vendor,
      limits: real.limits,
      writes: real.writes,
      invoicesByIds: (...a) => real.invoicesByIds(...a),
      addNote: (...a) => real.addNote(...a),
      writeCharges: (...a) => real.writeCharges(...a),
      waiveCharges: (...a) => real.waiveCharges(...a),
      paymentUrl: (...a) => real.paymentUrl(...a),
      chargeTargets: (...a) => real.chargeTargets(...a),
      // between two stored pages: Xero revokes the token, then the next one simply grows old
      async *changes(conn, cursor) {
        for await (const page of real.changes(conn, cursor)) {
          yield page;
          pages++;
          if (pages === 1) w.control.expireAccessTokens();
          if (pages === 2) w.clock.advance(31 * 60_000);
        }
      },
    };
    try {
      expect(await w.runJob(sync(FR), 1)).toBe(1);
    } finally {
      w.seam.ledger = real;
    }
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(w.control.refreshCount(FR)).toBe(before + 2);
    const found = await w.store.invoicesByExternalId(
      orgOf(FR).id,
      raised.map((r) => r.invoiceId),
    );
    expect(found.map((i) => i.number).sort()).toEqual(raised.map((r) => r.number).sort());
    expect((await w.store.getOrganisation(orgOf(FR).id))!.connectionStatus).toBe('connected');
  });

  it('d. 50 send and sync jobs of one tenant meeting an expired token at once: exactly one refresh', async () => {
    w.clock.set(dayAt('2026-03-13'));
    await w.runJob(sync(FR));
    const late = [await raise(FR, -1), await raise(FR, -1), await raise(FR, -1)];
    await w.runJob(sync(FR));
    await w.runJob({ type: 'plan', orgId: orgOf(FR).id });
    w.queue.take('plan');
    const sends = w.queue.take('send');
    expect(sends.length).toBeGreaterThan(0);
    const open = (await w.store.invoicesById(orgOf(FR).id, await w.store.openInvoiceIds(orgOf(FR).id))).map((i) => i.externalId);
    const jobs = [
      ...sends,
      ...Array.from({ length: 50 - sends.length }, (_, i) => ({ ...sync(FR, [open[i % open.length]!]), reason: 'webhook' as const })),
    ];
    const before = w.control.refreshCount(FR);
    w.control.expireAccessTokens();
    await Promise.all(jobs.map((job) => w.runJob(job)));
    expect(w.control.refreshCount(FR)).toBe(before + 1);
    expect((await w.store.getOrganisation(orgOf(FR).id))!.connectionStatus).toBe('connected');
    await w.drain();
    for (const inv of late) expect(mailsAbout(inv), inv.number).toHaveLength(1);
    await expectEachOnce();
  });

  it('e. a payment landing in Xero between plan and send: nothing sent, the reminder cancelled with the reason, in the history', async () => {
    w.clock.set(dayAt('2026-03-16'));
    const inv = await raise(FR, -1);
    await w.runJob(sync(FR));
    await w.runJob({ type: 'plan', orgId: orgOf(FR).id });
    // raised already late: the courtesy step is recorded as skipped, the friendly one planned
    expect((await remindersOf(FR, inv.invoiceId)).map((r) => `${r.stepKey}:${r.state}`).sort()).toEqual([
      'courtesy:skipped',
      'friendly:planned',
    ]);

    await w.control.payInvoice(FR, inv.invoiceId);
    await w.drain();
    expect(mailsAbout(inv)).toEqual([]);
    const r = (await remindersOf(FR, inv.invoiceId)).find((x) => x.stepKey === 'friendly');
    expect(r).toMatchObject({ stepKey: 'friendly', state: 'cancelled' });
    expect(r!.reason).toBe(`not sent: ${inv.number} : payée en totalité ; plus rien ne sera envoyé.`);
    const history = await w.store.history(orgOf(FR).id, (await stored(FR, inv.invoiceId)).id);
    expect(history.map((h) => h.kind)).toContain('cancelled');
    expect(history.map((h) => h.kind)).not.toContain('email-sent');
    expect(w.control.notes(FR, inv.invoiceId).filter((n) => n.startsWith('relance'))).toEqual([]);
  });

  describe('f. webhooks through the web app', () => {
    const post = (d: { body: string; signature: string }, signature = d.signature) =>
      w.app.request('/webhooks/xero', {
        method: 'POST',
        body: d.body,
        headers: { 'content-type': 'application/json', 'x-xero-signature': signature },
      });
    const about = (invoiceId: string) => deliveries.filter((d) => d.body.includes(invoiceId));
    beforeAll(() => {
      w.clock.set(dayAt('2026-03-23'));
      w.control.setWebhook({ url: WEBHOOK_URL, key: DEFAULT_WEBHOOK_KEY });
    });
    afterAll(() => w.control.setWebhook({ url: null }));

    it('a payment webhook cancels a planned reminder', async () => {
      const inv = await raise(FR, -1);
      await w.runJob(sync(FR));
      await w.runJob({ type: 'plan', orgId: orgOf(FR).id });
      const held = w.queue.take('send');
      w.queue.take('plan');
      expect((await remindersOf(FR, inv.invoiceId)).map((r) => `${r.stepKey}:${r.state}`).sort()).toEqual([
        'courtesy:skipped',
        'friendly:planned',
      ]);

      await w.control.payInvoice(FR, inv.invoiceId);
      await w.control.settled();
      const [delivery] = about(inv.invoiceId).slice(-1);
      expect((await post(delivery!)).status).toBe(200);
      const syncs = w.queue.take('sync');
      expect(syncs).toEqual([expect.objectContaining({ orgId: orgOf(FR).id, reason: 'webhook', invoiceExternalIds: [inv.invoiceId] })]);
      await w.runJob(syncs[0]!);
      expect((await remindersOf(FR, inv.invoiceId)).map((r) => `${r.stepKey}:${r.state}`).sort()).toEqual([
        'courtesy:skipped',
        'friendly:cancelled',
      ]);
      const history = await w.store.history(orgOf(FR).id, (await stored(FR, inv.invoiceId)).id);
      expect(history.map((h) => h.kind)).toContain('cancelled');
      // the send job planned before the payment still runs: it sends nothing for this invoice
      for (const job of held) await w.runJob(job);
      await w.drain();
      expect(mailsAbout(inv)).toEqual([]);
    });

    it('duplicated and reordered deliveries queue one sync per change and never move an invoice back', async () => {
      const inv = await raise(FR, 20, 60_000);
      await w.runJob(sync(FR));
      await w.control.payInvoice(FR, inv.invoiceId, { amountMinor: 20_000 });
      await w.control.settled();
      const partial = about(inv.invoiceId).at(-1)!;
      w.clock.advance(60_000);
      await w.control.payInvoice(FR, inv.invoiceId);
      await w.control.settled();
      const full = about(inv.invoiceId).at(-1)!;
      expect(full).not.toBe(partial);
      w.queue.take('sync');
      w.queue.take('plan');

      for (const d of [full, partial, full, partial, full]) expect((await post(d)).status).toBe(200);
      const syncs = w.queue.take('sync');
      expect(syncs).toHaveLength(2);
      for (const job of syncs) {
        await w.runJob(job);
        // the older event, processed last, reads Xero as it is now: the invoice stays paid
        expect(await stored(FR, inv.invoiceId)).toMatchObject({ status: 'paid', amountDueMinor: 0 });
      }
    });

    it('a badly signed body is refused with 401 and queues nothing', async () => {
      const inv = await raise(FR, 20);
      await w.control.payInvoice(FR, inv.invoiceId);
      await w.control.settled();
      const d = about(inv.invoiceId).at(-1)!;
      w.queue.take('sync');
      w.queue.take('plan');
      expect((await post(d, 'bm90IHRoZSBzaWduYXR1cmU=')).status).toBe(401);
      expect((await post({ body: d.body.replace(inv.invoiceId, crypto.randomUUID()), signature: d.signature })).status).toBe(401);
      expect(w.queue.jobs).toEqual([]);
      // the same body, correctly signed, is then accepted: the refusal recorded nothing as received
      expect((await post(d)).status).toBe(200);
      expect(w.queue.take('sync')).toHaveLength(1);
    });
  });

  it('g. two organisations from one consent share one token row: a refresh for one keeps the other working past the grace', async () => {
    w.clock.set(dayAt('2026-03-24'));
    const fr = orgOf(FR);
    const uk = orgOf(UK);
    expect(fr.tokenKey ?? fr.id).toBe(uk.tokenKey ?? uk.id);
    const rows = await w.database.db.selectFrom('tokens').select('org_id').execute();
    expect(rows.map((r) => r.org_id)).toEqual([fr.tokenKey ?? fr.id]);

    const before = w.control.refreshCount(UK);
    expect(await w.runJob(sync(FR), 1)).toBe(1); // the token is a day old: FR's sync rotates it
    expect(w.control.refreshCount(UK)).toBe(before + 1);
    // past Xero's 30-minute grace the rotated-out refresh token is dead; UK must use the one FR stored
    w.clock.advance(31 * 60_000);
    expect(await w.runJob(sync(UK), 1)).toBe(1);
    expect(w.control.refreshCount(UK)).toBe(before + 2);
    expect((await w.store.getOrganisation(uk.id))!.connectionStatus).toBe('connected');
    expect((await w.store.getOrganisation(fr.id))!.connectionStatus).toBe('connected');
  });
});

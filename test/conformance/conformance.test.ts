import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quickbooksConformance } from '../../connectors/quickbooks/sandbox/conformance.ts';
import { xeroConformance } from '../../connectors/xero/sandbox/conformance.ts';
import { addDays, type CalendarDate, localDate, zonedInstant } from '../../src/core/calendar.ts';
import type { Organisation } from '../../src/core/organisation.ts';
import { type ChargeSettings, chargeSettingsSchema } from '../../src/core/policy.ts';
import { openDatabase } from '../../src/store/index.ts';
import type { ConformanceLedger, WebhookDelivery } from './adapter.ts';
import { type Database, conformanceWorld, type World } from './world.ts';

/**
 * One suite, every ledger: each scenario of issue 9 runs against each connector over its sandbox, through the real
 * services, store and web app, on a fixed calendar (each scenario on its own working day, 10:00 where the first seeded
 * company is). What differs between ledgers lives in its adapter (connectors/<vendor>/sandbox/conformance.ts).
 * Adding a ledger is one line here.
 */
const LEDGERS: ConformanceLedger[] = [xeroConformance, quickbooksConformance];

/** One PGlite for the file (it takes seconds to open): each ledger's organisations are apart by vendor. */
let database: Database;
const server = setupServer();
beforeAll(async () => {
  database = await openDatabase({ dataDir: 'memory://' });
  server.listen({ onUnhandledFrame: 'error' });
});
afterAll(async () => {
  server.close();
  await database?.close();
});

describe.each(LEDGERS.map((l) => [l.displayName, l] as const))('%s conforms', (_name, ledger) => {
  let w: World;
  let orgs: Organisation[];
  /** The organisation of the first seeded company: where the scenarios act. */
  let org: Organisation;
  let tenant: string;
  const dayAt = (date: string) => zonedInstant(date as CalendarDate, 10, 0, w.primary.place.timeZone);
  const today = () => localDate(w.clock.now(), w.primary.place.timeZone);
  /**
   * The next scenario's working day. Time only moves forward: a clock set back behind what the ledger already stamped
   * would make a change look older than the sync cursor (and a ledger refuse a cursor in its future).
   */
  const goTo = (date: string) => {
    const at = dayAt(date);
    if (at < w.clock.now()) throw new Error(`the calendar only moves forward: ${date} is behind ${w.clock.now().toISOString()}`);
    w.clock.set(at);
  };

  beforeAll(async () => {
    // the sandbox is seeded early on this day; the first scenario then moves on to 10:00 where the first company is
    w = await conformanceWorld(ledger, { database, start: new Date('2026-03-04T06:00:00Z'), invoices: 24 });
    goTo('2026-03-04');
    tenant = w.primary.externalId;
    server.use(...w.sandbox.handlers);
  });

  const raise = (dueInDays: number, opts: { amountMinor?: number; fresh?: boolean } = {}) =>
    w.sandbox.raiseInvoice(tenant, {
      issueDate: addDays(today(), Math.min(0, dueInDays - 30)),
      dueDate: addDays(today(), dueInDays),
      amountMinor: opts.amountMinor ?? 48_000,
      fresh: opts.fresh ?? true,
    });
  const stored = async (externalId: string) => {
    const [inv] = await w.store.invoicesByExternalId(org.id, [externalId]);
    return inv;
  };
  const remindersOf = async (externalId: string) => {
    const inv = await stored(externalId);
    return inv ? w.store.remindersOfInvoices(org.id, [inv.id]) : [];
  };
  const stepsOf = async (externalId: string) => (await remindersOf(externalId)).map((r) => `${r.stepKey}:${r.state}`).sort();
  const mailsAbout = (inv: { number: string }) =>
    w.mailer.sent.filter((m) => m.from.name === org.sender.name && m.text.includes(inv.number));
  const sync = (invoiceExternalIds?: string[]) => ({
    type: 'sync' as const,
    orgId: org.id,
    reason: 'schedule' as const,
    ...(invoiceExternalIds ? { invoiceExternalIds } : {}),
  });
  const plan = () => ({ type: 'plan' as const, orgId: org.id });
  const post = (d: WebhookDelivery, headers: Record<string, string> = {}) =>
    w.app.request(`/webhooks/${ledger.id}`, { method: 'POST', body: d.body, headers: { ...d.headers, ...headers } });
  const status = async () => (await w.store.getOrganisation(org.id))!.connectionStatus;

  /** A flat fee of 40, whatever the country's law (the charge is known to the cent in any ledger), written as asked. */
  async function chargeFlatFee(writeAs: ChargeSettings['writeAs']) {
    const current = (await w.store.getOrganisation(org.id))!;
    const charges: ChargeSettings = chargeSettingsSchema.parse({
      regime: 'custom',
      custom: { fixedFee: '40' },
      writeAs,
      // an income account or a service item, as the ledger books charges
      bookTo: w.sandbox.chargeTarget(tenant),
    });
    org = await w.store.updateOrganisation(org.id, { policy: { ...current.policy, default: { ...current.policy.default, charges } } });
  }

  /**
   * An invoice 40 days overdue, synced, its charges to be added as lines on it; null where this ledger only writes
   * charges as a separate invoice (the settings never offer lines).
   */
  async function syncedForLineCharges() {
    if (!w.connector.writes.chargesAsLine) {
      expect(w.connector.writes.chargesAsLine).toBe(false);
      return null;
    }
    await chargeFlatFee('line-on-original');
    const inv = await raise(-40, { amountMinor: 48_000 });
    await w.runJob(sync());
    return inv;
  }

  it('connects through /connect/:vendor and the consent screen; each organisation is placed where its ledger says', async () => {
    orgs = await w.connect();
    expect(orgs.length).toBeGreaterThan(0);
    // a ledger whose consent covers one company at a time: the owner connects the others one by one
    for (const t of w.sandbox.tenants) if (!orgs.some((o) => o.externalId === t.externalId)) orgs = await w.connect(t.externalId);
    expect(orgs.map((o) => o.externalId).sort()).toEqual(w.sandbox.tenants.map((t) => t.externalId).sort());
    org = orgs.find((o) => o.externalId === tenant)!;
    expect(org, 'the first seeded company is connected').toBeTruthy();
    for (const o of orgs) {
      const seeded = w.sandbox.tenants.find((t) => t.externalId === o.externalId)!;
      expect(o).toMatchObject({
        vendor: ledger.id,
        connectionStatus: 'connected',
        timeZone: seeded.place.timeZone,
        locale: seeded.place.locale,
        countryCode: seeded.place.countryCode,
        ledgerPlace: expect.objectContaining({ countryCode: seeded.place.countryCode, baseCurrency: seeded.place.baseCurrency }),
      });
    }
  });

  it('first sync: every sales invoice once, with the amounts the ledger gives', async () => {
    // the sync and plan the connect queued, then the sends and notes they cause
    await w.drain();
    for (const o of orgs) {
      const truth = w.sandbox.invoices(o.externalId);
      expect(truth.length).toBeGreaterThan(0);
      const rows = await database.db.selectFrom('invoices').select('external_id').where('org_id', '=', o.id).execute();
      expect(rows.map((r) => r.external_id).sort(), 'each invoice once').toEqual(truth.map((t) => t.externalId).sort());
      const mirror = await w.store.invoicesByExternalId(
        o.id,
        truth.map((t) => t.externalId),
      );
      const got = new Map(mirror.map((i) => [i.externalId, i]));
      for (const t of truth) {
        expect({
          number: got.get(t.externalId)?.number,
          total: got.get(t.externalId)?.totalMinor,
          due: got.get(t.externalId)?.amountDueMinor,
        }).toEqual({ number: t.number, total: t.totalMinor, due: t.dueMinor });
      }
    }
    expect(w.mailer.sent.length).toBeGreaterThan(0);
  });

  it('incremental sync: an invoice raised, one paid in part and a due date moved in the ledger arrive', async () => {
    goTo('2026-03-05');
    const paid = await raise(30, { fresh: false });
    const moved = await raise(30, { fresh: false });
    await w.runJob(sync());
    w.clock.advance(60 * 60_000);
    const raised = await raise(25, { fresh: false });
    await w.sandbox.payInvoice(tenant, paid.externalId, 100);
    await w.sandbox.moveDueDate(tenant, moved.externalId, addDays(today(), 60));
    expect(await w.runJob(sync(), 1)).toBe(1);
    expect(await stored(raised.externalId)).toMatchObject({ number: raised.number, totalMinor: 48_000, amountDueMinor: 48_000 });
    expect(await stored(paid.externalId)).toMatchObject({ totalMinor: 48_000, amountDueMinor: 47_900 });
    expect((await stored(moved.externalId))?.dueDate).toBe(addDays(today(), 60));
  });

  it('one customer settling two invoices at once: both paid in relance, each with its own receipt', async () => {
    w.clock.advance(60 * 60_000);
    const first = await raise(15, { amountMinor: 30_000 });
    const second = await w.sandbox.raiseInvoice(tenant, {
      issueDate: addDays(today(), -15),
      dueDate: addDays(today(), 15),
      amountMinor: 12_345,
      fresh: false,
      sameCustomerAs: first.externalId,
    });
    await w.runJob(sync());
    w.clock.advance(60 * 60_000);
    await w.sandbox.payTogether(tenant, [first.externalId, second.externalId]);
    w.clock.advance(60_000);
    await w.runJob(sync());
    expect(await stored(first.externalId)).toMatchObject({ status: 'paid', amountDueMinor: 0, amountPaidMinor: 30_000 });
    expect(await stored(second.externalId)).toMatchObject({ status: 'paid', amountDueMinor: 0, amountPaidMinor: 12_345 });
    const receipts = await w.store.receiptsOf(org.id, [first.externalId, second.externalId]);
    expect(receipts.map((r) => [r.invoiceExternalId, r.amountMinor]).sort()).toEqual(
      [
        [first.externalId, 30_000],
        [second.externalId, 12_345],
      ].sort(),
    );
  });

  describe.each(ledger.webhookFormats.map((f, i) => [f, i] as const))('webhooks (%s), through /webhooks/:vendor', (format, i) => {
    beforeAll(async () => {
      // the first format on the Monday morning, each next one an hour later
      if (i === 0) goTo('2026-03-09');
      else w.clock.advance(60 * 60_000);
      w.sandbox.subscribeWebhooks(true, format);
      await w.sandbox.deliveries();
    });
    afterAll(() => w.sandbox.subscribeWebhooks(false));
    const settle = async () => {
      const ds = await w.sandbox.deliveries();
      w.queue.take('sync');
      w.queue.take('plan');
      return ds;
    };

    it('a payment found by webhook: the queued sync names the invoice, and the planned reminder is cancelled', async () => {
      const inv = await raise(-1);
      await w.runJob(sync());
      await w.runJob(plan());
      const held = w.queue.take('send');
      w.queue.take('plan');
      expect(await stepsOf(inv.externalId)).toEqual(['courtesy:skipped', 'friendly:planned']);
      await settle();

      await w.sandbox.payInvoice(tenant, inv.externalId);
      const deliveries = await w.sandbox.deliveries();
      expect(deliveries.length).toBeGreaterThan(0);
      for (const d of deliveries) expect((await post(d)).status).toBe(200);
      const syncs = w.queue.take('sync');
      expect(syncs).toEqual([expect.objectContaining({ orgId: org.id, reason: 'webhook' })]);
      expect(syncs[0]).toMatchObject({ invoiceExternalIds: expect.arrayContaining([inv.externalId]) });
      await w.runJob(syncs[0]!);
      expect(await stored(inv.externalId)).toMatchObject({ status: 'paid', amountDueMinor: 0 });
      expect(await stepsOf(inv.externalId)).toEqual(['courtesy:skipped', 'friendly:cancelled']);
      // the send job planned before the payment still runs: it sends nothing for this invoice
      for (const job of held) await w.runJob(job);
      await w.drain();
      expect(mailsAbout(inv)).toEqual([]);
    });

    it('changes in every connected company, delivered: each organisation gets one sync naming its own invoice', async () => {
      const made = [];
      for (const o of orgs) {
        const inv = await w.sandbox.raiseInvoice(o.externalId, {
          issueDate: addDays(today(), -10),
          dueDate: addDays(today(), 20),
          amountMinor: 30_000,
          fresh: false,
        });
        await w.runJob({ type: 'sync', orgId: o.id, reason: 'schedule' });
        made.push({ org: o, inv });
      }
      await settle();
      for (const { org: o, inv } of made) await w.sandbox.payInvoice(o.externalId, inv.externalId);
      const deliveries = await w.sandbox.deliveries();
      for (const d of deliveries) expect((await post(d)).status).toBe(200);
      const syncs = w.queue.take('sync');
      for (const { org: o, inv } of made) {
        const mine = syncs.filter((j) => j.orgId === o.id);
        expect(mine, o.name).toEqual([
          expect.objectContaining({ reason: 'webhook', invoiceExternalIds: expect.arrayContaining([inv.externalId]) }),
        ]);
        await w.runJob(mine[0]!);
        const [paid] = await w.store.invoicesByExternalId(o.id, [inv.externalId]);
        expect(paid, o.name).toMatchObject({ status: 'paid', amountDueMinor: 0 });
      }
      expect(syncs).toHaveLength(made.length);
    });

    it('duplicated and reordered deliveries: a duplicate queues nothing, and an older one never moves an invoice back', async () => {
      const inv = await raise(20, { amountMinor: 60_000, fresh: false });
      await w.runJob(sync());
      await settle();
      await w.sandbox.payInvoice(tenant, inv.externalId, 20_000);
      const partial = await w.sandbox.deliveries();
      w.clock.advance(60_000);
      await w.sandbox.payInvoice(tenant, inv.externalId);
      const full = await w.sandbox.deliveries();
      expect(partial.length).toBeGreaterThan(0);
      expect(full.length).toBeGreaterThan(0);

      // the newer news first, then the older
      for (const d of [...full, ...partial]) expect((await post(d)).status).toBe(200);
      const syncs = w.queue.take('sync');
      expect(syncs.length).toBeGreaterThan(0);
      // every delivery again, twice: all already received
      for (const d of [...partial, ...full, ...full, ...partial]) expect((await post(d)).status).toBe(200);
      expect(w.queue.take('sync')).toEqual([]);
      for (const job of syncs) {
        await w.runJob(job);
        // whatever order the news came in, the sync reads the ledger as it is now: the invoice stays paid
        expect(await stored(inv.externalId)).toMatchObject({ status: 'paid', amountDueMinor: 0 });
      }
    });

    it('a badly signed delivery is refused with 401 and queues nothing; the same bytes correctly signed are accepted', async () => {
      const inv = await raise(20, { fresh: false });
      await w.runJob(sync());
      await settle();
      await w.sandbox.payInvoice(tenant, inv.externalId);
      const [d, ...more] = await w.sandbox.deliveries();
      expect(d).toBeTruthy();
      const forged = Buffer.from('not the signature of this body').toString('base64');
      expect((await post(d!, { [w.sandbox.signatureHeader]: forged })).status).toBe(401);
      expect((await post({ ...d!, body: d!.body.replace(inv.externalId, `${inv.externalId}0`) })).status).toBe(401);
      expect((await post({ ...d!, body: `${d!.body} ` })).status).toBe(401);
      expect(w.queue.jobs).toEqual([]);
      for (const x of [d!, ...more]) expect((await post(x)).status).toBe(200);
      expect(w.queue.take('sync')).toHaveLength(1);
    });
  });

  it('with 30% of calls answered 429/503 during sync, send and write-back, every reminder, email and note lands once', async () => {
    goTo('2026-03-10');
    const late = [await raise(-1), await raise(-1), await raise(-1)];
    const waited = w.clock.waits.length;
    w.sandbox.faults({ rate: 0.3, seed: 5 });
    try {
      await w.cycle([org]);
    } finally {
      w.sandbox.faults(null);
    }
    expect(w.clock.waits.length, 'the connector waited and retried').toBeGreaterThan(waited);
    // the next run of the day finds nothing more to do
    await w.cycle([org]);
    for (const inv of late) {
      const sent = (await remindersOf(inv.externalId)).filter((r) => r.state === 'sent');
      expect(
        sent.map((r) => r.stepKey),
        inv.number,
      ).toEqual(['friendly']);
      expect(mailsAbout(inv), inv.number).toHaveLength(1);
      expect(w.sandbox.notes(tenant, inv.externalId), inv.number).toHaveLength(1);
    }
  });

  it('an access token dying mid-sync: the sync completes in one run, after one refresh', async () => {
    goTo('2026-03-11');
    // a day later the token is old: this refresh is not the one under test. A webhook's read spends it, and leaves the
    // day's place re-read to the sync under test: its first calls are the place's, then its invoice reads
    const known = (await w.store.invoicesById(org.id, await w.store.openInvoiceIds(org.id)))[0]!.externalId;
    await w.runJob(sync([known]));
    const raised = [];
    for (let i = 0; i < 25; i++) raised.push(await raise(40, { amountMinor: 10_000 + i, fresh: false }));
    const before = w.sandbox.refreshes();
    // the sync's first call is answered; the second meets a dead token
    w.sandbox.killAccessTokensAfter(1);
    expect(await w.runJob(sync(), 1)).toBe(1);
    expect(w.sandbox.refreshes()).toBe(before + 1);
    const found = await w.store.invoicesByExternalId(
      org.id,
      raised.map((r) => r.externalId),
    );
    expect(found.map((i) => i.number).sort()).toEqual(raised.map((r) => r.number).sort());
    expect(await status()).toBe('connected');
  });

  it('50 send and sync jobs meeting a dead access token at once: exactly one refresh', async () => {
    goTo('2026-03-12');
    await w.runJob(sync());
    const late = [await raise(-1), await raise(-1), await raise(-1)];
    await w.runJob(sync());
    await w.runJob(plan());
    w.queue.take('plan');
    const sends = w.queue.take('send');
    expect(sends.length).toBeGreaterThan(0);
    const open = (await w.store.invoicesById(org.id, await w.store.openInvoiceIds(org.id))).map((i) => i.externalId);
    const jobs = [
      ...sends,
      ...Array.from({ length: 50 - sends.length }, (_, i) => ({ ...sync([open[i % open.length]!]), reason: 'webhook' as const })),
    ];
    const before = w.sandbox.refreshes();
    w.sandbox.killAccessTokens();
    await Promise.all(jobs.map((job) => w.runJob(job)));
    expect(w.sandbox.refreshes()).toBe(before + 1);
    expect(await status()).toBe('connected');
    await w.drain();
    for (const inv of late) expect(mailsAbout(inv), inv.number).toHaveLength(1);
  });

  it('a payment landing between plan and send: nothing sent, the reminder cancelled, in the history', async () => {
    goTo('2026-03-13');
    const inv = await raise(-1);
    await w.runJob(sync());
    await w.runJob(plan());
    expect(await stepsOf(inv.externalId)).toEqual(['courtesy:skipped', 'friendly:planned']);
    await w.sandbox.payInvoice(tenant, inv.externalId);
    await w.drain();
    expect(mailsAbout(inv)).toEqual([]);
    expect(await stepsOf(inv.externalId)).toEqual(['courtesy:skipped', 'friendly:cancelled']);
    const history = await w.store.history(org.id, (await stored(inv.externalId))!.id);
    expect(history.map((h) => h.kind)).toContain('cancelled');
    expect(history.map((h) => h.kind)).not.toContain('email-sent');
    expect(w.sandbox.notes(tenant, inv.externalId)).toEqual([]);
  });

  it('an invoice voided in the ledger after planning: its reminder is cancelled at the next sync, nothing sent', async () => {
    const inv = await raise(-1);
    await w.runJob(sync());
    await w.runJob(plan());
    expect(await stepsOf(inv.externalId)).toEqual(['courtesy:skipped', 'friendly:planned']);
    w.clock.advance(60 * 60_000);
    await w.sandbox.voidInvoice(tenant, inv.externalId);
    w.clock.advance(60 * 60_000);
    await w.runJob(sync());
    expect(await stored(inv.externalId)).toMatchObject({ status: 'voided' });
    await w.drain();
    expect(await stepsOf(inv.externalId)).toEqual(['courtesy:skipped', 'friendly:cancelled']);
    expect(mailsAbout(inv)).toEqual([]);
    expect(w.sandbox.notes(tenant, inv.externalId)).toEqual([]);
  });

  it('notes and charges are written once each, through faults and every write-back job run twice', async () => {
    goTo('2026-03-16');
    await chargeFlatFee('separate-invoice');
    const reminded = await raise(-1);
    const charged = await raise(-40);
    await w.runJob(sync());
    await w.runJob(plan());
    w.sandbox.faults({ rate: 0.3, seed: 8 });
    try {
      await w.drain(['send']);
      const writes = [
        ...w.queue.take('writeback'),
        { type: 'writeback' as const, action: 'charges' as const, orgId: org.id, invoiceId: (await stored(charged.externalId))!.id },
      ];
      // at least once: every write-back job runs twice, as after a worker lost its answer
      for (const job of [...writes, ...writes]) await w.runJob(job);
      await w.drain();
    } finally {
      w.sandbox.faults(null);
    }
    expect(mailsAbout(reminded)).toHaveLength(1);
    expect(w.sandbox.notes(tenant, reminded.externalId)).toHaveLength(1);
    const written = w.sandbox.charges(tenant, charged.externalId);
    expect(written).toEqual([{ externalId: expect.any(String), amountMinor: 4_000 }]);
    expect(await w.store.chargeOf(org.id, (await stored(charged.externalId))!.id)).toMatchObject({ state: 'written', totalMinor: 4_000 });
  });

  it('charges as lines on the original invoice, where the ledger can: added once, every existing line kept', async () => {
    goTo('2026-03-17');
    const inv = await syncedForLineCharges();
    // this ledger only writes charges as a separate invoice: the settings never offer lines
    if (!inv) return;
    const job = { type: 'writeback' as const, action: 'charges' as const, orgId: org.id, invoiceId: (await stored(inv.externalId))!.id };
    // the write-back comes later than the sync that read the invoice (a version stamped at the very instant of one
    // already read is, rightly, not read again: a frozen clock would hide the change)
    w.clock.advance(60 * 60_000);
    w.sandbox.faults({ rate: 0.3, seed: 13 });
    try {
      for (let i = 0; i < 3; i++) await w.runJob(job);
    } finally {
      w.sandbox.faults(null);
    }
    expect(w.sandbox.charges(tenant, inv.externalId)).toEqual([{ externalId: inv.externalId, amountMinor: 4_000 }]);
    // the invoice's own line is still there: the total is both
    const truth = w.sandbox.invoices(tenant).find((i) => i.externalId === inv.externalId)!;
    expect(truth).toMatchObject({ totalMinor: 52_000, dueMinor: 52_000 });
    expect(await w.store.chargeOf(org.id, job.invoiceId)).toMatchObject({ state: 'written', totalMinor: 4_000 });
    await w.runJob(sync());
    expect(await stored(inv.externalId)).toMatchObject({ totalMinor: 52_000, amountDueMinor: 52_000 });
  });

  it('an owner editing the invoice while relance adds its charge lines: both land, nothing lost, the lines once', async () => {
    w.clock.advance(60 * 60_000);
    const inv = await syncedForLineCharges();
    if (!inv) return;
    w.clock.advance(60 * 60_000);
    const moved = addDays(today(), -35);
    // relance reads the invoice, the owner saves a new due date, then relance's update arrives on the older version
    w.sandbox.moveDueDateBeforeNextUpdate(tenant, inv.externalId, moved);
    const job = { type: 'writeback' as const, action: 'charges' as const, orgId: org.id, invoiceId: (await stored(inv.externalId))!.id };
    await w.runJob(job);
    await w.runJob(job);
    expect(w.sandbox.charges(tenant, inv.externalId)).toEqual([{ externalId: inv.externalId, amountMinor: 4_000 }]);
    expect(w.sandbox.invoices(tenant).find((i) => i.externalId === inv.externalId)).toMatchObject({
      dueDate: moved,
      totalMinor: 52_000,
      dueMinor: 52_000,
    });
    w.clock.advance(60_000);
    await w.runJob(sync());
    expect(await stored(inv.externalId)).toMatchObject({ dueDate: moved, totalMinor: 52_000 });
  });

  it('disconnects from the organisation page: the consent is revoked at the vendor and the organisation says so', async () => {
    goTo('2026-03-18');
    expect(w.sandbox.connected(tenant)).toBe(true);
    const res = await w.disconnect(org);
    expect(res.status).toBe(303);
    expect(await status()).toBe('disconnected');
    expect(w.sandbox.connected(tenant)).toBe(false);
  });

  it('reconnects through the same routes: the same organisation, its settings kept, syncing again', async () => {
    w.clock.advance(60 * 60_000);
    const before = (await w.store.getOrganisation(org.id))!;
    await w.connect(tenant);
    const after = (await w.store.getOrganisation(org.id))!;
    expect(after).toMatchObject({ id: before.id, connectionStatus: 'connected', policy: before.policy });
    expect(w.sandbox.connected(tenant)).toBe(true);
    const inv = await raise(20, { fresh: false });
    w.clock.advance(60_000);
    expect(await w.runJob(sync(), 1)).toBe(1);
    expect(await stored(inv.externalId)).toMatchObject({ number: inv.number, status: 'open' });
  });

  it('after five weeks without a sync, one sync catches up: paid, voided, deleted and raised invoices as the ledger has them', async () => {
    w.clock.advance(60 * 60_000);
    const [paid, voided, deleted] = [
      await raise(20, { fresh: false }),
      await raise(20, { fresh: false }),
      await raise(20, { fresh: false }),
    ];
    await w.runJob(sync());
    // the worker is down for five weeks (longer than some ledgers keep their change feeds) while the books move on
    w.clock.advance(35 * 24 * 3_600_000);
    await w.sandbox.payInvoice(tenant, paid.externalId);
    await w.sandbox.voidInvoice(tenant, voided.externalId);
    const canDelete = await w.sandbox.deleteInvoice(tenant, deleted.externalId);
    const raised = await raise(10, { fresh: false });
    w.clock.advance(60_000);
    await w.runJob(sync());
    expect(await stored(paid.externalId)).toMatchObject({ status: 'paid', amountDueMinor: 0 });
    expect(await stored(voided.externalId)).toMatchObject({ status: 'voided' });
    expect(await stored(raised.externalId)).toMatchObject({ status: 'open', number: raised.number });
    // an invoice the ledger no longer has is gone from relance's work: nothing more is planned for it
    if (canDelete) expect(await stored(deleted.externalId)).toMatchObject({ status: 'deleted' });
    const open = await w.store.openInvoiceIds(org.id);
    const openExternal = (await w.store.invoicesById(org.id, open)).map((i) => i.externalId);
    for (const gone of [paid, voided, ...(canDelete ? [deleted] : [])]) expect(openExternal).not.toContain(gone.externalId);
    expect(await status()).toBe('connected');
  });
});

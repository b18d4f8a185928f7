import { serve } from '@hono/node-server';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manualClock } from '../../../connectors/shared/sandbox/clock.ts';
import type { DemoSandbox } from '../../../connectors/shared/definition.ts';
import { addDays, type CalendarDate, localDate, zonedInstant } from '../../core/calendar.ts';
import type { Organisation } from '../../core/organisation.ts';
import { defaultPolicy } from '../../core/policy.ts';
import { startWorkers } from '../../jobs/index.ts';
import { adoptConsent, planOrganisation, startSending } from '../../services/index.ts';
import { createWebApp } from '../../web/app.ts';
import { ledgerStatuses, loadConfig, type LedgerStatus } from '../config.ts';
import { createRuntime, type RunningLedger } from '../runtime.ts';
import { webContextOf } from '../web.ts';
import { type Out, UsageError } from './args.ts';
import { ledgerWithSandbox } from './ledgers.ts';

export type FastForwardOptions = {
  /** The registered ledger whose sandbox is lived through (default: the first with one). */
  ledger?: string;
  /** The first simulated day's instant (default: now). Tests fix it. */
  start?: Date;
  /** Open invoices the sandbox seeds (default: its demo size). */
  invoices?: number;
};

/** Each organisation's day is lived at this hour of its own zone: inside the default send window everywhere. */
const DAY_HOUR = 11;

/**
 * `relance demo --days N [--ledger ID]`: a ledger's seeded sandbox lived through N days on a simulated clock.
 * Customers pay on the way (the sandbox posts signed webhooks), relance syncs, plans and sends every working day; at
 * the end, what went out and the checks that matter: nothing sent after a payment, nothing sent twice. What is the
 * vendor's (seed, consent, paying customers, webhooks) comes from the definition's sandbox (`DemoSandbox`).
 */
export async function fastForward(days: number, out: Out, options: FastForwardOptions = {}): Promise<number> {
  if (!Number.isInteger(days) || days < 1 || days > 365) throw new UsageError('--days takes a whole number from 1 to 365');
  const { ledgers } = ledgerStatuses({});
  const fallback = ledgers.find((l) => l.definition.sandbox)?.id;
  const ledger = ledgerWithSandbox(ledgers, options.ledger ?? fallback, 'usage: relance demo --days N [--ledger ID]');
  const dataDir = mkdtempSync(join(tmpdir(), 'relance-demo-'));
  const startDay = localDate(options.start ?? new Date(), 'UTC');
  // the customers pay early in the UTC day; each organisation is then lived at DAY_HOUR in its own zone
  const morning = (day: CalendarDate) => zonedInstant(day, 6, 0, 'UTC');
  const clock = manualClock(morning(startDay));
  const module = await ledger.definition.sandbox!();
  const sandbox = await module.startSandbox({
    port: 0,
    now: clock.now,
    webhookUrl: null,
    rateLimits: 'lifted',
    ...(options.invoices ? { invoices: options.invoices } : {}),
  });
  let stopWeb: () => Promise<unknown> = async () => {};
  let runtime: Rt | null = null;
  try {
    // only this ledger, on its sandbox: the environment's own ledgers stay out of a throwaway run
    const config = loadConfig(
      { ...process.env, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'error', REDIS_URL: '', DATABASE_URL: '', ...sandbox.env },
      'demo',
      [ledger.definition],
    );
    runtime = await createRuntime(config, {
      clock: { now: clock.now },
      connectorClock: { now: clock.now },
      connectorSleep: clock.sleep,
    });
    const rt = runtime;
    const running = rt.connectors[ledger.id];
    if (!running) throw new Error(`${ledger.displayName}'s sandbox did not give a complete environment: ${statusLine(config.ledgers)}`);
    const web = serve({ fetch: createWebApp(webContextOf(rt)).fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => web.once('listening', r));
    stopWeb = () => new Promise((r) => web.close(r));
    sandbox.setWebhook(`http://127.0.0.1:${(web.address() as { port: number }).port}/webhooks/${ledger.id}`);

    const orgIds = (await connect(rt, running, sandbox)).map((o) => o.id);
    // a new connection starts in preview; the simulated owner turns sending on at once, leaving nothing out
    for (const id of orgIds) {
      const org = await rt.store.getOrganisation(id);
      if (!org) continue;
      const on = await startSending(rt.deps, org, { gentle: [], leaveOut: [] });
      if (!on.ok) throw new Error(`sending could not be turned on for ${org.name}: ${on.error}`);
    }
    startWorkers(rt.queue, rt.services, { send: 4, writeback: 4 });
    let payments = 0;
    for (let d = 0; d < days; d++) {
      const day = addDays(startDay, d);
      clock.set(morning(day));
      payments += (await sandbox.simulateDay(day)).payments;
      await idle(rt.queue);
      // each organisation where the ledger placed it (its zone can change at the first sync), in the order the day reaches them
      const orgs = (await Promise.all(orgIds.map((id) => rt.store.getOrganisation(id)))).filter((o): o is Organisation => o !== null);
      const moments = orgs.map((org) => ({ org, at: zonedInstant(day, DAY_HOUR, 0, org.timeZone) })).sort((a, b) => +a.at - +b.at);
      for (const { org, at } of moments) {
        if (at > clock.now()) clock.set(at);
        await rt.services.sync(org.id, 'schedule');
        await planOrganisation(rt.deps, org.id);
        await idle(rt.queue);
      }
    }
    const orgs = (await Promise.all(orgIds.map((id) => rt.store.getOrganisation(id)))).filter((o): o is Organisation => o !== null);
    out.stdout(await summary(rt, ledger.displayName, orgs, days, payments, config.outboxDir));
    return 0;
  } finally {
    await runtime?.close();
    await stopWeb();
    await sandbox.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

type Rt = Awaited<ReturnType<typeof createRuntime>>;

const statusLine = (ledgers: readonly LedgerStatus[]) => ledgers.map((l) => (l.on ? `${l.id} on` : l.missing.join('; '))).join('; ');

/**
 * What a person does once per consent: approve it in the sandbox; relance records one organisation per tenant it
 * covers, placed where the ledger says it is, charges booked to what the seed offers.
 */
async function connect(runtime: Rt, ledger: RunningLedger, sandbox: DemoSandbox): Promise<Organisation[]> {
  const redirectUri = `${runtime.config.publicUrl}/connect/${ledger.app.id}/callback`;
  const orgs: Organisation[] = [];
  for (let round = 0; round < sandbox.consents; round++) {
    const started = await ledger.flow.start(redirectUri);
    const callbackUrl = await sandbox.approveConsent(started.url, round);
    const done = await ledger.flow.complete({ callbackUrl, state: started.state, codeVerifier: started.codeVerifier, redirectUri });
    const adopted = await adoptConsent(
      runtime.deps,
      { vendor: ledger.app.id, tenants: done.tenants, tokens: done.tokens, identityEmail: done.identity?.email ?? null },
      {
        saveTokens: (id, tokens) => runtime.vault.save(id, tokens),
        // the owner picks what charges are booked to in settings; the demo takes the seed's
        policy: {
          default: { ...defaultPolicy, charges: { ...defaultPolicy.charges, bookTo: sandbox.chargesBookTo(round) } },
          rules: [],
        },
        consentId: started.state,
      },
    );
    orgs.push(...adopted);
  }
  return orgs;
}

async function idle(queue: Rt['queue'], timeoutMs = 120_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    await new Promise((r) => setTimeout(r, 50));
    const counts = Object.values(await queue.counts());
    if (counts.every((c) => c.waiting === 0 && c.active === 0)) return;
  }
}

async function summary(
  runtime: Rt,
  ledgerName: string,
  orgs: { id: string; name: string; timeZone: string }[],
  days: number,
  payments: number,
  outbox: string,
) {
  const db = runtime.database.db;
  const lines = [`relance demo: ${days} day(s) fast-forwarded over the ${ledgerName} sandbox; customers made ${payments} payment(s)`];
  let afterPayment = 0;
  let messageIds = 0;
  for (const org of orgs) {
    const sent = await runtime.store.remindersInState(org.id, ['sent']);
    const byStep = new Map<string, number>();
    for (const r of sent) byStep.set(r.stepKey, (byStep.get(r.stepKey) ?? 0) + 1);
    const events = await db
      .selectFrom('events')
      .select(['kind'])
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('org_id', '=', org.id)
      .groupBy('kind')
      .execute();
    const count = (k: string) => Number(events.find((e) => e.kind === k)?.n ?? 0);
    // calls and letters are the owner's to do: counted apart, never as sent
    const byHand = (await runtime.store.remindersInState(org.id, ['task-open'])).length;
    lines.push(
      `  ${org.name}: ${[...byStep].map(([k, n]) => `${n} ${k}`).join(', ') || 'no reminder'}; ${byHand} call(s) or letter(s) to do by hand; ${count('note-written')} note(s) and ${count('charge-written')} charge(s) written to the ledger; ${count('cancelled')} cancelled because the invoice was paid or answered`,
    );
    messageIds += new Set(sent.filter((r) => r.channel === 'email').map((r) => r.messageId)).size;
    const invoices = new Map((await runtime.store.invoicesById(org.id, [...new Set(sent.map((r) => r.invoiceId))])).map((i) => [i.id, i]));
    const receipts = await runtime.store.receiptsOf(
      org.id,
      [...invoices.values()].map((i) => i.externalId),
    );
    for (const r of sent) {
      const inv = invoices.get(r.invoiceId)!;
      const sentOn = localDate(new Date(r.sentAt!), org.timeZone);
      const paidBefore = receipts
        .filter((p) => p.invoiceExternalId === inv.externalId && p.date < sentOn)
        .reduce((s, p) => s + p.amountMinor, 0);
      if (paidBefore >= inv.totalMinor) afterPayment++;
    }
  }
  for (const q of ['sync', 'plan', 'send', 'writeback'] as const) {
    for (const f of await runtime.queue.failed(q, 5)) lines.push(`  failed ${q} job: ${f.reason}`);
  }
  const files = readdirSync(outbox).filter((f) => f.endsWith('.eml')).length;
  lines.push(`  check: reminders sent for an invoice already paid: ${afterPayment} ${afterPayment === 0 ? '(ok)' : '(FAILED)'}`);
  lines.push(
    `  check: emails in the outbox ${files}, distinct reminder messages ${messageIds}: ${files === messageIds ? 'nothing sent twice (ok)' : '(FAILED)'}`,
  );
  return `${lines.join('\n')}\n`;
}

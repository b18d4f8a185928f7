import { serve } from '@hono/node-server';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addDays, localDate, zonedInstant } from '../../core/calendar.ts';
import { defaultPolicy } from '../../core/policy.ts';
import {
  approveConsent,
  createXeroSandbox,
  DEFAULT_CLIENT,
  DEFAULT_WEBHOOK_KEY,
  manualClock,
  seedLedger,
} from '../../../connectors/xero/sandbox/index.ts';
import { startWorkers } from '../../jobs/index.ts';
import { adoptConsent, planOrganisation } from '../../services/index.ts';
import { createWebApp } from '../../web/app.ts';
import { loadConfig } from '../config.ts';
import { createRuntime } from '../runtime.ts';
import { webContextOf } from '../web.ts';
import { type Out, UsageError } from './args.ts';

/**
 * `relance demo --days N`: the seeded ledger lived through N days on a simulated clock. Customers pay on the way (the
 * sandbox posts signed webhooks), relance syncs, plans and sends every working day; at the end, what went out and the
 * checks that matter: nothing sent after a payment, nothing sent twice.
 */
export async function fastForward(days: number, out: Out): Promise<number> {
  if (!Number.isInteger(days) || days < 1 || days > 365) throw new UsageError('--days takes a whole number from 1 to 365');
  const dataDir = mkdtempSync(join(tmpdir(), 'relance-demo-'));
  const start = new Date();
  const clock = manualClock(zonedInstant(localDate(start, 'Europe/Paris'), 11, 0, 'Europe/Paris'));
  const sandbox = createXeroSandbox({
    state: seedLedger({ seed: 1, today: localDate(clock.now(), 'Europe/Paris'), invoices: 300, now: clock.now() }),
    now: clock.now,
    // the simulated day is one instant: Xero's per-minute limit would stretch it into real minutes, so it is lifted here
    limits: { perMinute: 100_000, perDay: 1_000_000, concurrent: 50 } as never,
  });
  const sandboxServer = serve({ fetch: sandbox.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((r) => sandboxServer.once('listening', r));
  const sandboxOrigin = `http://127.0.0.1:${(sandboxServer.address() as { port: number }).port}`;

  const config = loadConfig(
    { ...process.env, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'error', REDIS_URL: '', DATABASE_URL: '', XERO_CLIENT_ID: '' },
    'demo',
  );
  const runtime = await createRuntime(config, {
    sandbox: { clientId: DEFAULT_CLIENT.clientId, clientSecret: DEFAULT_CLIENT.clientSecret, webhookKey: DEFAULT_WEBHOOK_KEY },
    clock: { now: clock.now },
    connectorClock: { now: clock.now },
    connectorSleep: clock.sleep,
    xeroOrigin: sandboxOrigin,
  });
  const app = createWebApp(webContextOf(runtime));
  const web = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((r) => web.once('listening', r));
  sandbox.control.setWebhook({
    url: `http://127.0.0.1:${(web.address() as { port: number }).port}/webhooks/xero`,
    key: DEFAULT_WEBHOOK_KEY,
  });

  try {
    const orgs = await connect(runtime);
    startWorkers(runtime.queue, runtime.services, { send: 4, writeback: 4 });
    let payments = 0;
    for (let d = 0; d < days; d++) {
      const day = addDays(localDate(start, 'Europe/Paris'), d);
      clock.set(zonedInstant(day, 11, 0, 'Europe/Paris'));
      payments += (await sandbox.control.simulateDay(day)).payments;
      await idle(runtime.queue);
      for (const org of orgs) {
        await runtime.services.sync(org.id, 'schedule');
        await planOrganisation(runtime.deps, org.id);
      }
      await idle(runtime.queue);
    }
    out.stdout(await summary(runtime, orgs, days, payments, config.outboxDir));
    return 0;
  } finally {
    await runtime.close();
    await new Promise((r) => web.close(r));
    await new Promise((r) => sandboxServer.close(r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

type Rt = Awaited<ReturnType<typeof createRuntime>>;

/**
 * What a person does once: consent in the sandbox; relance records one organisation per tenant, one token row, each
 * placed where the ledger says it is.
 */
async function connect(runtime: Rt) {
  const xero = runtime.connectors.xero!;
  const redirectUri = `${runtime.config.publicUrl}/connect/xero/callback`;
  const started = await xero.flow.start(redirectUri);
  const callbackUrl = await approveConsent(started.url);
  const done = await xero.flow.complete({ callbackUrl, state: started.state, codeVerifier: started.codeVerifier, redirectUri });
  return adoptConsent(
    runtime.deps,
    { vendor: 'xero', tenants: done.tenants, tokens: done.tokens, identityEmail: done.identity?.email ?? null },
    {
      saveTokens: (id, tokens) => runtime.vault.save(id, tokens),
      // "200 Sales" in the sandbox's chart of accounts: the owner picks the income account for charges in settings
      policy: { default: { ...defaultPolicy, charges: { ...defaultPolicy.charges, incomeAccountCode: '200' } }, rules: [] },
      consentId: started.state,
    },
  );
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
  orgs: { id: string; name: string; timeZone: string }[],
  days: number,
  payments: number,
  outbox: string,
) {
  const db = runtime.database.db;
  const lines = [`relance demo: ${days} day(s) fast-forwarded over the sandbox ledger; customers made ${payments} payment(s)`];
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

import { localDate } from '../../core/calendar.ts';
import type { TokenVault } from '../../core/connection.ts';
import { connectionExpiry, expirySentence } from '../../core/connection-expiry.ts';
import type { Organisation } from '../../core/organisation.ts';
import type { Decision } from '../../core/reminder.ts';
import type { Store } from '../../core/store.ts';
import { startWorkers } from '../../jobs/index.ts';
import type { StoredReminder } from '../../core/store.ts';
import { NotFoundError, openTasks, planOrganisation, type PlanReport } from '../../services/index.ts';
import { loadConfig } from '../config.ts';
import { createRuntime, type Runtime } from '../runtime.ts';
import { storedRefreshExpiry } from '../../store/token-vault.ts';
import { type Out, parseFlags, parseInstant, UsageError } from './args.ts';
import { goneOnThisHost } from './workers.ts';

const LABEL: Record<Decision['kind'], string> = {
  send: 'SEND',
  skip: 'SKIP',
  approve: 'NEEDS APPROVAL',
  blocked: 'BLOCKED',
  hold: 'WAIT',
};

export async function findOrg(store: Store, id: string | undefined) {
  if (!id) throw new UsageError('--org is required (see `relance status` for the organisations)');
  const org = await store.getOrganisation(id);
  if (!org) {
    const known = (await store.listOrganisations()).map((o) => `${o.id} (${o.name})`);
    throw new UsageError(`unknown organisation "${id}"${known.length ? `; known: ${known.join(', ')}` : ': none is connected yet'}`);
  }
  return org;
}

export function renderPlan(report: PlanReport, contactNames: Map<string, string>): string {
  const lines = [
    `${report.org.name}: what relance ${report.stopped ? 'cannot do' : 'would do'} at ${report.asOf} (${localDate(new Date(report.asOf), report.org.timeZone)} in ${report.org.timeZone})`,
  ];
  if (report.stopped) return `${lines[0]}\n  ${report.stopped}\n`;
  for (const m of report.messages) {
    lines.push(
      `  email ${m.channel === 'email' ? '' : `(${m.channel}) `}to ${contactNames.get(m.contactId) ?? m.contactId}: ${m.step.template}, ${m.invoiceIds.length} invoice(s)`,
    );
  }
  const order: Decision['kind'][] = ['send', 'approve', 'blocked', 'skip', 'hold'];
  for (const kind of order) {
    for (const d of report.decisions.filter((x) => x.kind === kind)) lines.push(`  ${LABEL[kind].padEnd(14)} ${d.why}`);
  }
  const counts = order.map((k) => `${report.decisions.filter((d) => d.kind === k).length} ${LABEL[k].toLowerCase()}`).join(', ');
  lines.push(`  ${counts}`);
  return `${lines.join('\n')}\n`;
}

/** `relance plan --org <id> --as-of <ISO> [--json]`: the safe-mode preview; changes nothing. */
export async function planCommand(argv: string[], out: Out): Promise<number> {
  const { values } = parseFlags(argv, { org: { type: 'string' }, 'as-of': { type: 'string' }, json: { type: 'boolean' } });
  const asOf = values['as-of'] ? parseInstant(values['as-of'], '--as-of') : new Date();
  const runtime = await createRuntime(loadConfig());
  try {
    const org = await findOrg(runtime.store, values.org);
    const report = await planOrganisation(runtime.deps, org.id, { asOf, dryRun: true });
    const inputs = await runtime.store.scheduleInputs(org.id, await runtime.store.openInvoiceIds(org.id));
    const names = new Map(inputs.contacts.map((c) => [c.id, c.name]));
    if (values.json) {
      out.stdout(
        `${JSON.stringify({ org: { id: org.id, name: org.name }, asOf: report.asOf, stopped: report.stopped, decisions: report.decisions, messages: report.messages }, null, 2)}\n`,
      );
    } else out.stdout(renderPlan(report, names));
    return 0;
  } finally {
    await runtime.close();
  }
}

/** `relance run --org <id> --as-of <ISO>`: plans and acts as if it were that moment, then waits for the work to finish. */
export async function runCommand(argv: string[], out: Out): Promise<number> {
  const { values } = parseFlags(argv, { org: { type: 'string' }, 'as-of': { type: 'string' }, sync: { type: 'boolean' } });
  const asOf = values['as-of'] ? parseInstant(values['as-of'], '--as-of') : new Date();
  const runtime = await createRuntime(loadConfig(), { clock: { now: () => asOf } });
  try {
    const org = await findOrg(runtime.store, values.org);
    startWorkers(runtime.queue, runtime.services);
    if (values.sync) await runtime.services.sync(org.id, 'manual');
    const report = await planOrganisation(runtime.deps, org.id);
    await idle(runtime.queue);
    const states = await runtime.store.remindersInState(org.id, ['sent', 'failed', 'uncertain', 'awaiting-approval', 'planned']);
    out.stdout(
      `${report.planned} reminder(s) planned; now: ${['sent', 'failed', 'uncertain', 'awaiting-approval', 'planned'].map((s) => `${states.filter((r) => r.state === s).length} ${s}`).join(', ')}\n`,
    );
    return 0;
  } finally {
    await runtime.close();
  }
}

async function idle(
  queue: { counts(): Promise<Record<string, { waiting: number; active: number; delayed: number }>> },
  timeoutMs = 120_000,
) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const counts = Object.values(await queue.counts());
    if (counts.every((c) => c.waiting === 0 && c.active === 0)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** `relance status`: every organisation, its connection, its sync, and what needs the owner's eye. */
export async function statusCommand(
  argv: string[],
  out: Out,
  open: () => Promise<StatusRuntime> = () => createRuntime(loadConfig()),
): Promise<number> {
  parseFlags(argv, {});
  const runtime = await open();
  try {
    const orgs = await runtime.store.listOrganisations();
    if (orgs.length === 0) out.stdout('No organisation connected yet: run `relance demo` and click "Connect to …" for your ledger.\n');
    const isGone = goneOnThisHost();
    const now = runtime.deps.clock.now();
    for (const org of orgs) {
      const sync = await runtime.store.getSyncState(org.id);
      const attention = await runtime.store.remindersInState(org.id, ['uncertain', 'failed', 'awaiting-approval']);
      const sent = await runtime.store.remindersInState(org.id, ['sent']);
      out.stdout(
        `${org.id}  ${org.name} (${org.vendor}) — ${org.connectionStatus}${org.connectionStatus === 'needs-reconnect' ? ': reconnect it in the web page' : ''}\n`,
      );
      const expiry = await expiryLine(runtime, org, now);
      if (expiry) out.stdout(`  ${expiry}\n`);
      out.stdout(
        `  last sync ${sync.lastSyncAt ?? 'never'}${sync.lastError ? `, last error: ${sync.lastError}` : ''}; ${sent.length} reminder(s) sent\n`,
      );
      for (const t of await openTasks(runtime.deps, org.id)) {
        const what = t.reminder.channel === 'letter' ? `LETTER TO PRINT for ${t.customer}` : `CALL TO MAKE: ${t.customer}`;
        out.stdout(
          `  ${what}, invoice ${t.invoiceNumber} (${t.reminder.stepKey}, since ${t.reminder.sentAt?.slice(0, 10) ?? t.reminder.dueOn}); done: relance tasks done --org ${org.id} --invoice ${t.invoiceNumber}\n`,
        );
      }
      for (const r of await runtime.store.remindersInState(org.id, ['claimed', 'sending']))
        out.stdout(`  ${stuckLine(r, now, runtime.deps.claimLeaseMs ?? CLAIM_LEASE_MS, isGone)}\n`);
      for (const r of attention) out.stdout(`  ${r.state.toUpperCase()} ${r.stepKey} for invoice ${r.invoiceId}: ${r.reason ?? ''}\n`);
    }
    return 0;
  } finally {
    await runtime.close();
  }
}

const CLAIM_LEASE_MS = 10 * 60_000;

/**
 * What `relance status` opens. The vault (to read when each connection expires) and the ledgers' display names are
 * optional: without them status says nothing of expiry and names a ledger by its id.
 */
export type StatusRuntime = Pick<Runtime, 'store' | 'deps' | 'close'> & {
  vault?: Pick<TokenVault, 'read'>;
  config?: { ledgers: readonly { id: string; displayName: string }[] };
};

/** The page's expiry notice, as a line: a connected organisation whose ledger connection dies within 30 days. */
export async function expiryLine(runtime: StatusRuntime, org: Organisation, now: Date): Promise<string | null> {
  if (!runtime.vault || org.connectionStatus !== 'connected') return null;
  let expiresAt: string | null;
  try {
    expiresAt = await storedRefreshExpiry(runtime.vault, org);
  } catch (error) {
    return `CONNECTION EXPIRY UNKNOWN: its stored tokens could not be read (${(error as Error).message})`;
  }
  const expiry = connectionExpiry(expiresAt, now, org.timeZone);
  if (!expiry) return null;
  const name = runtime.config?.ledgers.find((l) => l.id === org.vendor)?.displayName ?? org.vendor;
  const head = expiry.level === 'expired' ? 'CONNECTION EXPIRED' : 'CONNECTION EXPIRES SOON';
  return `${head}: ${expirySentence(expiry, name)} Reconnect from the organisation's page (/connect/${org.vendor}).`;
}

/** A claimed or sending reminder: who holds it since when, and when it is released if its worker is gone. */
export function stuckLine(r: StoredReminder, now: Date, leaseMs: number, isGone: (worker: string) => boolean): string {
  const since = r.claimedAt ?? r.plannedAt;
  const minutes = Math.max(0, Math.floor((now.getTime() - Date.parse(since)) / 60_000));
  const worker = r.claimedBy ?? 'an unknown worker';
  const head = `${r.state.toUpperCase()} ${r.stepKey} for invoice ${r.invoiceId} by ${worker} for ${minutes} min`;
  const outcome = r.state === 'sending' ? 'becomes uncertain (check the outbox before re-sending)' : 'goes back to planned';
  if (r.claimedBy && isGone(r.claimedBy))
    return `${head}: that worker is no longer running; it ${outcome} when the next worker starts (\`relance worker\` or \`relance serve\`)`;
  const expires = new Date(Date.parse(since) + leaseMs).toISOString().slice(0, 16).replace('T', ' ');
  return `${head}: if its worker died, it ${outcome} after ${expires} UTC`;
}

export async function migrateCommand(_argv: string[], out: Out): Promise<number> {
  const runtime = await createRuntime(loadConfig());
  await runtime.close();
  out.stdout(`database migrated (${runtime.database.kind})\n`);
  return 0;
}

export { NotFoundError };

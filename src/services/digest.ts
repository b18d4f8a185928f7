import { type CalendarDate, localDate, localTime } from '../core/calendar.ts';
import { type ConnectionExpiry, connectionExpiry } from '../core/connection-expiry.ts';
import { money } from '../core/money.ts';
import { notificationsOf, type Organisation, senderDomain } from '../core/organisation.ts';
import type { OutgoingEmail } from '../core/ports.ts';
import type { InvoiceRow, StoredReminder } from '../core/store.ts';
import { type DigestLine, type DigestModel, digestItems, renderDigest } from '../mail/digest.ts';
import type { ServiceDeps } from './deps.ts';
import { taskDueOn } from './tasks.ts';

/**
 * The owner's daily digest (issue 14, part 6): once a day, at the organisation's local hour, an email saying what needs
 * the owner — open disputes, broken promises, sends to check, approvals and tasks waiting, a connection to renew —
 * and no email at all when there is nothing to say. `ownerAttention` is the same reading for any page that wants it.
 */

/** Lines listed per section; the rest is counted ("and 4 more"). */
const LINES_SHOWN = 10;

export type AttentionItem = { reminder: StoredReminder; invoiceNumber: string; customer: string };

/** What needs the owner today, read from what the store already knows (never a plan). */
export type OwnerAttention = {
  today: CalendarDate;
  disputes: { total: number; rows: InvoiceRow[] };
  brokenPromises: { total: number; rows: InvoiceRow[] };
  uncertain: AttentionItem[];
  approvals: AttentionItem[];
  /** Open call tasks due today or before; letters ready to print and post. */
  calls: number;
  letters: number;
  /** needs-reconnect: the ledger stopped accepting relance; else the refresh token's coming expiry (connectionExpiry). */
  connection: { level: 'needs-reconnect' } | ConnectionExpiry | null;
};

/** How many things need the owner: a dashboard's badge, and nothing to say when 0. */
export function attentionCount(a: OwnerAttention): number {
  return a.disputes.total + a.brokenPromises.total + a.uncertain.length + a.approvals.length + a.calls + a.letters + (a.connection ? 1 : 0);
}

/**
 * `refreshExpiresAt`: when the ledger connection dies unless the owner reconnects (the stored token's, see
 * store/token-vault.ts storedRefreshExpiry); null when unknown.
 */
export async function ownerAttention(
  deps: ServiceDeps,
  org: Organisation,
  now: Date,
  refreshExpiresAt: string | null = null,
): Promise<OwnerAttention> {
  const today = localDate(now, org.timeZone);
  const listed = (filter: 'disputed' | 'broken-promise') =>
    deps.store.listInvoices(org.id, { today, filter, sort: 'overdue', direction: 'desc', limit: LINES_SHOWN });
  const [disputes, broken, waiting] = await Promise.all([
    listed('disputed'),
    listed('broken-promise'),
    deps.store.remindersInState(org.id, ['uncertain', 'awaiting-approval', 'task-open']),
  ]);
  const named = await itemsOf(
    deps,
    org,
    waiting.filter((r) => r.state !== 'task-open'),
  );
  const open = waiting.filter((r) => r.state === 'task-open' && taskDueOn(r) <= today);
  return {
    today,
    disputes: { total: disputes.total, rows: disputes.rows },
    brokenPromises: { total: broken.total, rows: broken.rows },
    uncertain: named.filter((i) => i.reminder.state === 'uncertain'),
    approvals: named.filter((i) => i.reminder.state === 'awaiting-approval'),
    calls: new Set(open.filter((r) => r.channel === 'call').map((r) => r.batchId)).size,
    letters: new Set(open.filter((r) => r.channel === 'letter').map((r) => r.batchId)).size,
    connection:
      org.connectionStatus === 'needs-reconnect' ? { level: 'needs-reconnect' } : connectionExpiry(refreshExpiresAt, now, org.timeZone),
  };
}

async function itemsOf(deps: ServiceDeps, org: Organisation, reminders: StoredReminder[]): Promise<AttentionItem[]> {
  if (reminders.length === 0) return [];
  const inputs = await deps.store.scheduleInputs(org.id, [...new Set(reminders.map((r) => r.invoiceId))]);
  const numbers = new Map(inputs.invoices.map((i) => [i.id, i.number]));
  const names = new Map(inputs.contacts.map((c) => [c.id, c.name]));
  return reminders
    .sort((a, b) => a.dueOn.localeCompare(b.dueOn))
    .map((reminder) => ({
      reminder,
      invoiceNumber: numbers.get(reminder.invoiceId) ?? reminder.invoiceId,
      customer: names.get(reminder.contactId) ?? '',
    }));
}

/** What the digest needs from the install that the services do not hold. */
export type DigestEnv = {
  /** The platform relay's From address and the domain of its Message-IDs (config MAIL_RELAY_ADDRESS, MAIL_DOMAIN). */
  relay: { address: string; domain: string };
  /** When the organisation's ledger connection expires (the stored refresh token's), null when unknown. */
  refreshExpiresAt?(org: Organisation): Promise<string | null>;
  /** How the pages name the organisation's ledger (its registry display name). */
  ledgerName(org: Organisation): string;
  /**
   * false: an organisation whose owner never chose (no `notifications` stored) gets no digest — the demo, where the
   * digest is off by default. Absent or true: DEFAULT_NOTIFICATIONS (on).
   */
  onByDefault?: boolean;
};

/** The digest as it would go out now, or null when there is nothing to say. */
export async function ownerDigest(deps: ServiceDeps, org: Organisation, now: Date, env: DigestEnv): Promise<OutgoingEmail | null> {
  const expiresAt = await expiryOf(deps, org, env);
  const a = await ownerAttention(deps, org, now, expiresAt);
  const model = digestModel(deps, org, a, env);
  if (digestItems(model) === 0) return null;
  const rendered = renderDigest(model);
  const to = notificationsOf(org).email ?? org.sender.email;
  // through the owner's own server, From is the owner (their server may refuse anyone else); else relance's relay
  const own = !!org.smtp;
  const domain = own ? (senderDomain(org.sender) ?? env.relay.domain) : env.relay.domain;
  const id = `${org.id}-${a.today}`.replace(/[^A-Za-z0-9._-]/g, '-');
  return {
    from: { name: 'relance', address: own ? org.sender.email : env.relay.address },
    to: [{ name: org.sender.name, address: to }],
    subject: rendered.subject,
    html: rendered.html,
    text: rendered.text,
    // one digest per organisation and local day: the same id if it were ever handed over twice
    messageId: `<digest-${id}@${domain.toLowerCase()}>`,
    headers: { 'X-Relance-Digest': a.today, 'Auto-Submitted': 'auto-generated' },
  };
}

async function expiryOf(deps: ServiceDeps, org: Organisation, env: DigestEnv): Promise<string | null> {
  if (!env.refreshExpiresAt) return null;
  try {
    return await env.refreshExpiresAt(org);
  } catch (error) {
    // a vault that cannot be read still lets the rest of the digest go
    deps.log.warn({ orgId: org.id, err: (error as Error).message }, 'digest: could not read when the ledger connection expires');
    return null;
  }
}

function digestModel(deps: ServiceDeps, org: Organisation, a: OwnerAttention, env: DigestEnv): DigestModel {
  const base = `${deps.publicUrl.replace(/\/+$/, '')}/orgs/${encodeURIComponent(org.id)}`;
  const rowLine = (r: InvoiceRow): DigestLine => ({
    number: r.invoice.number,
    customer: r.contactName,
    amount: money(r.invoice.amountDueMinor, r.invoice.currency),
    detail: null,
  });
  const itemLine = (i: AttentionItem): DigestLine => ({ number: i.invoiceNumber, customer: i.customer, amount: null, detail: null });
  const c = a.connection;
  return {
    locale: org.locale,
    businessName: org.name,
    today: a.today,
    disputes: { total: a.disputes.total, lines: a.disputes.rows.map(rowLine), url: `${base}/invoices?filter=disputed` },
    brokenPromises: {
      total: a.brokenPromises.total,
      lines: a.brokenPromises.rows.map(rowLine),
      url: `${base}/invoices?filter=broken-promise`,
    },
    uncertain: { total: a.uncertain.length, lines: a.uncertain.slice(0, LINES_SHOWN).map(itemLine), url: `${base}/outbox` },
    approvals: { total: a.approvals.length, lines: a.approvals.slice(0, LINES_SHOWN).map(itemLine), url: `${base}/tasks` },
    tasks: { calls: a.calls, letters: a.letters, url: `${base}/tasks` },
    connection: c
      ? {
          level: c.level,
          on: 'on' in c ? c.on : null,
          ledgerName: env.ledgerName(org),
          url: `${deps.publicUrl.replace(/\/+$/, '')}/connect/${encodeURIComponent(org.vendor)}`,
        }
      : null,
    settingsUrl: `${base}/settings`,
  };
}

export type DigestRun = { sent: string[]; nothingToSay: string[]; failed: string[] };

/**
 * The daily job, run by the worker's hourly maintenance: each organisation still installed (connected, or needing a
 * reconnect — the owner must hear of that) whose digest is on gets it once its local hour has come, once per local
 * day. The day is claimed before sending (an atomic insert of `digest:<org>:<local date>` among the store's receipts),
 * so two workers or a restart never send it twice; a send that fails is logged and not retried that day.
 */
export async function sendDigests(deps: ServiceDeps, env: DigestEnv, now: Date = deps.clock.now()): Promise<DigestRun> {
  const run: DigestRun = { sent: [], nothingToSay: [], failed: [] };
  for (const org of await deps.store.listOrganisations()) {
    if (org.connectionStatus === 'disconnected') continue;
    if (env.onByDefault === false && !org.notifications) continue;
    const settings = notificationsOf(org);
    if (!settings.digest) continue;
    const local = localTime(now, org.timeZone);
    if (local.hour < settings.hour) continue;
    const key = digestKey(org.id, local.date);
    try {
      // the cheap check first: once done for the day, nothing more is read
      if ((await deps.store.seenReceipts([key])).has(key)) continue;
      const email = await ownerDigest(deps, org, now, env);
      // the day is claimed even when there is nothing to say: the check is not repeated every hour after
      if (!(await deps.store.firstReceipt(key, now.toISOString()))) continue;
      if (!email) {
        run.nothingToSay.push(org.id);
        continue;
      }
      await deps.mailer(org).send(email);
      run.sent.push(org.id);
    } catch (error) {
      run.failed.push(org.id);
      deps.log.error({ orgId: org.id, err: error instanceof Error ? error.message : String(error) }, 'digest not sent');
    }
  }
  return run;
}

/** The receipt that marks an organisation's digest as done for a local day. */
export const digestKey = (orgId: string, day: CalendarDate): string => `digest:${orgId}:${day}`;

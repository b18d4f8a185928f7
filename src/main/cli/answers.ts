import { isCalendarDate } from '../../core/calendar.ts';
import { startWorkers } from '../../jobs/index.ts';
import { type AnswerInput, findInvoice, openDisputes, recordCustomerAnswer, resolveDisputesOn } from '../../services/index.ts';
import { loadConfig } from '../config.ts';
import { createRuntime, type Runtime } from '../runtime.ts';
import { type Out, parseFlags, UsageError } from './args.ts';
import { findOrg } from './engine.ts';

/**
 * The owner's side of customer answers, until the owner's pages offer it: list and resolve disputes, and record an
 * answer given by phone. Each goes through the same use cases as the answer links, so it pauses or resumes reminders,
 * shows in the invoice's history and is noted in the ledger.
 */

/** `relance disputes --org ID` and `relance disputes resolve --org ID --invoice N [--note …]`. */
export async function disputesCommand(argv: string[], out: Out, open: OpenRuntime = openRuntime): Promise<number> {
  const { values, positionals } = parseFlags(argv, { org: { type: 'string' }, invoice: { type: 'string' }, note: { type: 'string' } });
  const [action, ...extra] = positionals;
  if (extra.length > 0 || (action !== undefined && action !== 'resolve')) {
    throw new UsageError(
      `unexpected "${[action, ...extra].join(' ')}": use \`relance disputes --org ID\` or \`relance disputes resolve --org ID --invoice N\``,
    );
  }
  if (action === 'resolve' && !values.invoice)
    throw new UsageError('--invoice is required (the invoice number, as `relance disputes --org ID` lists it)');
  if (action !== 'resolve' && (values.invoice || values.note))
    throw new UsageError('--invoice and --note go with `relance disputes resolve`');
  return withRuntime(open, async (runtime) => {
    const org = await findOrg(runtime.store, values.org);
    if (action !== 'resolve') {
      const disputes = await openDisputes(runtime.deps, org.id);
      if (disputes.length === 0) out.stdout(`${org.name}: no open dispute\n`);
      for (const d of disputes) {
        const numbers = d.invoices.map((i) => i.number).join(', ');
        out.stdout(
          `${numbers}  ${d.customer}  since ${d.at.slice(0, 10)} (${d.source === 'owner' ? 'noted by you' : 'from the customer'}): ${d.reason}\n`,
        );
      }
      return 0;
    }
    const invoice = await findInvoice(runtime.deps, org.id, values.invoice!);
    const resolved = await resolveDisputesOn(runtime.deps, org.id, invoice.id, values.note?.trim() || null);
    if (resolved === 0) throw new UsageError(`invoice ${invoice.number} has no open dispute (see \`relance disputes --org ${org.id}\`)`);
    out.stdout(`Dispute on ${invoice.number} resolved: reminders resume from its next step. ${await ledgerNote(runtime)}\n`);
    return 0;
  });
}

/** `relance answer --org ID --invoice N (--promise DATE | --paid [--reference R] | --dispute REASON)`. */
export async function answerCommand(argv: string[], out: Out, open: OpenRuntime = openRuntime): Promise<number> {
  const { values, positionals } = parseFlags(argv, {
    org: { type: 'string' },
    invoice: { type: 'string' },
    promise: { type: 'string' },
    paid: { type: 'boolean' },
    reference: { type: 'string' },
    dispute: { type: 'string' },
  });
  if (positionals.length > 0)
    throw new UsageError(`unexpected "${positionals.join(' ')}": quote a reason with spaces, e.g. --dispute "wrong quantity"`);
  const input = answerOf(values);
  if (!values.invoice) throw new UsageError('--invoice is required (the invoice number as the ledger shows it)');
  return withRuntime(open, async (runtime) => {
    const org = await findOrg(runtime.store, values.org);
    const invoice = await findInvoice(runtime.deps, org.id, values.invoice!);
    await recordCustomerAnswer(runtime.deps, org.id, [invoice.id], input, 'owner');
    const what =
      input.kind === 'promise'
        ? `promise to pay by ${input.promisedDate}: reminders wait until then`
        : input.kind === 'paid'
          ? 'reported paid: reminders wait until the ledger shows the payment (or the next sync shows it unpaid)'
          : `dispute recorded: reminders stop until you resolve it (relance disputes resolve --org ${org.id} --invoice ${invoice.number})`;
    out.stdout(`${invoice.number}: ${what}. ${await ledgerNote(runtime)}\n`);
    return 0;
  });
}

function answerOf(values: {
  promise?: string | undefined;
  paid?: boolean | undefined;
  reference?: string | undefined;
  dispute?: string | undefined;
}): AnswerInput {
  const given = [values.promise !== undefined, !!values.paid, values.dispute !== undefined].filter(Boolean).length;
  if (given !== 1) throw new UsageError('say what the customer answered: exactly one of --promise YYYY-MM-DD, --paid, --dispute "reason"');
  if (values.reference !== undefined && !values.paid) throw new UsageError('--reference goes with --paid');
  if (values.promise !== undefined) {
    if (!isCalendarDate(values.promise)) throw new UsageError(`--promise "${values.promise}" is not a date (YYYY-MM-DD)`);
    return { kind: 'promise', promisedDate: values.promise };
  }
  if (values.paid) return { kind: 'paid', reference: values.reference?.trim() || null };
  const reason = values.dispute!.trim();
  if (!reason) throw new UsageError('--dispute needs the customer\'s reason, e.g. --dispute "goods not received"');
  if (reason.length > 1000) throw new UsageError('--dispute: keep the reason under 1000 characters');
  return { kind: 'dispute', reason };
}

/** What these commands use of the runtime; tests hand in one over a test ledger. */
export type CliRuntime = Pick<Runtime, 'store' | 'deps' | 'queue' | 'services' | 'close'>;
export type OpenRuntime = () => Promise<CliRuntime>;
export const openRuntime: OpenRuntime = () => createRuntime(loadConfig());

export async function withRuntime(open: OpenRuntime, body: (runtime: CliRuntime) => Promise<number>): Promise<number> {
  const runtime = await open();
  try {
    return await body(runtime);
  } finally {
    await runtime.close();
  }
}

const NOTE_WAIT_MS = 30_000;

/**
 * The ledger note is a write-back job. On Redis a running worker takes it; the in-process queue lives only as long as
 * this command, so the command writes it itself before exiting, and says so when the ledger did not take it.
 */
export async function ledgerNote(runtime: CliRuntime): Promise<string> {
  if (runtime.queue.kind !== 'memory') return 'The ledger note is queued for the worker.';
  startWorkers(runtime.queue, runtime.services, {}, ['writeback']);
  const until = Date.now() + NOTE_WAIT_MS;
  while (Date.now() < until) {
    const c = (await runtime.queue.counts()).writeback;
    if (c.waiting === 0 && c.active === 0 && c.delayed === 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const c = (await runtime.queue.counts()).writeback;
  const failed = await runtime.queue.failed('writeback', 1);
  if (c.waiting + c.active + c.delayed === 0 && failed.length === 0) return 'Noted in the ledger.';
  return 'The ledger did not take the note yet: it is in the history, and the note is not written (check the connection with `relance status`).';
}

import { isCalendarDate } from '../../core/calendar.ts';
import { type CallOutcome, completeTasks, findInvoice, openTasks, recordCallOutcome } from '../../services/index.ts';
import { ledgerNote, type OpenRuntime, openRuntime, withRuntime } from './answers.ts';
import { type Out, parseFlags, UsageError } from './args.ts';
import { findOrg } from './engine.ts';

const CALL_USAGE = '`relance tasks call --org ID --invoice N (--promise DATE | --dispute REASON | --no-answer DAYS | --wrong-number)`';

/**
 * `relance tasks --org ID`, `relance tasks done --org ID --invoice N [--note …]` and `relance tasks call …`: the calls to
 * make and the letters to print that the schedule opened. relance neither calls nor posts; once the owner has, the step
 * is done and noted; a call's outcome is recorded as on the Tasks page (services/tasks.ts recordCallOutcome).
 */
export async function tasksCommand(argv: string[], out: Out, open: OpenRuntime = openRuntime): Promise<number> {
  const { values, positionals } = parseFlags(argv, {
    org: { type: 'string' },
    invoice: { type: 'string' },
    note: { type: 'string' },
    promise: { type: 'string' },
    dispute: { type: 'string' },
    'no-answer': { type: 'string' },
    'wrong-number': { type: 'boolean' },
  });
  const [action, ...extra] = positionals;
  if (extra.length > 0 || (action !== undefined && action !== 'done' && action !== 'call')) {
    throw new UsageError(
      `unexpected "${[action, ...extra].join(' ')}": use \`relance tasks --org ID\`, \`relance tasks done --org ID --invoice N\` or ${CALL_USAGE}`,
    );
  }
  if ((action === 'done' || action === 'call') && !values.invoice)
    throw new UsageError('--invoice is required (the invoice number, as `relance tasks --org ID` lists it)');
  const outcome = action === 'call' ? callOutcomeOf(values) : null;
  return withRuntime(open, async (runtime) => {
    const org = await findOrg(runtime.store, values.org);
    if (action === undefined) {
      const tasks = await openTasks(runtime.deps, org.id);
      if (tasks.length === 0) out.stdout(`${org.name}: nothing to do by hand\n`);
      for (const t of tasks) {
        const what = t.reminder.channel === 'letter' ? 'letter to print and post' : 'call';
        out.stdout(
          `${t.invoiceNumber}  ${what}: ${t.customer} (${t.reminder.stepKey}, opened ${t.reminder.sentAt?.slice(0, 10) ?? t.reminder.dueOn}): ${t.reminder.reason ?? ''}\n`,
        );
      }
      return 0;
    }
    const invoice = await findInvoice(runtime.deps, org.id, values.invoice!);
    if (outcome) {
      const task = (await runtime.store.remindersOfInvoices(org.id, [invoice.id])).find(
        (r) => r.state === 'task-open' && r.channel === 'call',
      );
      if (!task) throw new UsageError(`invoice ${invoice.number} has no call to make (see \`relance tasks --org ${org.id}\`)`);
      const recorded = await recordCallOutcome(runtime.deps, org, task.id, outcome);
      if (!recorded.ok)
        throw new UsageError(`${invoice.number}: ${recorded.field ? `--${flagOf(recorded.field)}: ` : ''}${recorded.error}`);
      out.stdout(
        `${invoice.number}: ${recorded.message}${outcome.kind === 'promise' || outcome.kind === 'dispute' ? ` ${await ledgerNote(runtime)}` : ''}\n`,
      );
      return 0;
    }
    const done = await completeTasks(runtime.deps, org, invoice.id, values.note?.trim() || null);
    if (done.length === 0) throw new UsageError(`invoice ${invoice.number} has no open task (see \`relance tasks --org ${org.id}\`)`);
    out.stdout(`${invoice.number}: ${done.map((r) => r.stepKey).join(', ')} done. ${await ledgerNote(runtime)}\n`);
    return 0;
  });
}

const flagOf = (field: string) => ({ promisedDate: 'promise', reason: 'dispute', retryInDays: 'no-answer' })[field] ?? field;

/** Exactly one outcome flag, its value checked for form (the service checks the rest: a date in the past…). */
function callOutcomeOf(values: {
  promise?: string | undefined;
  dispute?: string | undefined;
  'no-answer'?: string | undefined;
  'wrong-number'?: boolean | undefined;
}): CallOutcome {
  const given = (['promise', 'dispute', 'no-answer', 'wrong-number'] as const).filter(
    (f) => values[f] !== undefined && values[f] !== false,
  );
  if (given.length !== 1) throw new UsageError(`give exactly one outcome: ${CALL_USAGE}`);
  if (values.promise !== undefined) {
    if (!isCalendarDate(values.promise)) throw new UsageError(`--promise "${values.promise}" is not a date (YYYY-MM-DD)`);
    return { kind: 'promise', promisedDate: values.promise };
  }
  if (values.dispute !== undefined) return { kind: 'dispute', reason: values.dispute };
  if (values['no-answer'] !== undefined) {
    const days = values['no-answer'];
    if (!/^\d{1,3}$/.test(days)) throw new UsageError(`--no-answer "${days}" is not a number of days`);
    return { kind: 'no-answer', retryInDays: Number(days) };
  }
  return { kind: 'wrong-number' };
}

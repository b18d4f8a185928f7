import { completeTasks, findInvoice, openTasks } from '../../services/index.ts';
import { ledgerNote, type OpenRuntime, openRuntime, withRuntime } from './answers.ts';
import { type Out, parseFlags, UsageError } from './args.ts';
import { findOrg } from './engine.ts';

/**
 * `relance tasks --org ID` and `relance tasks done --org ID --invoice N [--note …]`: the calls to make and the letters
 * to print that the schedule opened. relance neither calls nor posts; once the owner has, the step is done and noted.
 */
export async function tasksCommand(argv: string[], out: Out, open: OpenRuntime = openRuntime): Promise<number> {
  const { values, positionals } = parseFlags(argv, { org: { type: 'string' }, invoice: { type: 'string' }, note: { type: 'string' } });
  const [action, ...extra] = positionals;
  if (extra.length > 0 || (action !== undefined && action !== 'done')) {
    throw new UsageError(
      `unexpected "${[action, ...extra].join(' ')}": use \`relance tasks --org ID\` or \`relance tasks done --org ID --invoice N\``,
    );
  }
  if (action === 'done' && !values.invoice)
    throw new UsageError('--invoice is required (the invoice number, as `relance tasks --org ID` lists it)');
  return withRuntime(open, async (runtime) => {
    const org = await findOrg(runtime.store, values.org);
    if (action !== 'done') {
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
    const done = await completeTasks(runtime.deps, org, invoice.id, values.note?.trim() || null);
    if (done.length === 0) throw new UsageError(`invoice ${invoice.number} has no open task (see \`relance tasks --org ${org.id}\`)`);
    out.stdout(`${invoice.number}: ${done.map((r) => r.stepKey).join(', ')} done. ${await ledgerNote(runtime)}\n`);
    return 0;
  });
}

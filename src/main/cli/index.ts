import { ConfigError } from '../config.ts';
import { NotFoundError } from '../../services/index.ts';
import { answerCommand, disputesCommand } from './answers.ts';
import { type Out, UsageError, wantsHelp } from './args.ts';
import { runChargesCommand } from './charges.ts';
import { migrateCommand, planCommand, runCommand, statusCommand } from './engine.ts';
import { demoCommand, sandboxCommand, serveCommand } from './server.ts';
import { tasksCommand } from './tasks.ts';

type Command = {
  run: (argv: string[], out: Out) => number | Promise<number>;
  /** One line for `relance --help`, and the full usage for `relance <command> --help`. */
  summary: string;
  usage: string;
  /** The command prints its own help (it has more to say than one usage line). */
  ownHelp?: boolean;
};

const commands: Record<string, Command> = {
  demo: {
    run: demoCommand,
    summary: 'demo [--days N [--ledger ID]]   the sandboxes, the app and the worker on embedded defaults (--days: fast-forward and report)',
    usage:
      'usage: relance demo [--days N [--ledger ID]]\n  without --days: serves the app, the worker and the sandbox of every ledger without credentials until stopped\n' +
      "  --days N: lives one ledger's sandbox N days on a simulated clock and reports what went out (--ledger: which one,\n  default the first registered)",
  },
  serve: {
    run: (argv, out) => serveCommand(argv, out, 'serve'),
    summary: 'serve                      web app and worker in one process',
    usage: 'usage: relance serve\n  the web app and the worker in one process, configured by the environment (see .env.example)',
  },
  worker: {
    run: (argv, out) => serveCommand(argv, out, 'worker'),
    summary: 'worker                     the worker alone (jobs, schedules)',
    usage: 'usage: relance worker\n  the worker alone: sync, plan, send and write-back jobs; releases the claims of workers that are gone',
  },
  migrate: {
    run: migrateCommand,
    summary: 'migrate                    apply database migrations',
    usage: 'usage: relance migrate\n  applies the database migrations and exits',
  },
  status: {
    run: statusCommand,
    summary: 'status                     organisations, connections, and what needs your attention',
    usage: 'usage: relance status\n  every organisation: connection, last sync, open tasks, stuck claims, and reminders that need you',
  },
  plan: {
    run: planCommand,
    summary: 'plan --org ID [--as-of ISO] [--json]   what would be sent, to whom, and why (changes nothing)',
    usage:
      'usage: relance plan --org ID [--as-of 2026-03-04T10:00:00Z] [--json]\n  what would be sent, to whom, and why, as of that moment (default: now); changes nothing',
  },
  run: {
    run: runCommand,
    summary: 'run --org ID [--as-of ISO] [--sync]    plan and send as of that moment',
    usage:
      'usage: relance run --org ID [--as-of 2026-03-04T10:00:00Z] [--sync]\n  plans and sends as of that moment (default: now); --sync reads the ledger first',
  },
  disputes: {
    run: disputesCommand,
    summary: 'disputes --org ID           open disputes; `disputes resolve --org ID --invoice N [--note …]` resumes reminders',
    usage:
      'usage: relance disputes --org ID\n       relance disputes resolve --org ID --invoice NUMBER-OR-ID [--note "what was agreed"]\n' +
      '  lists the open disputes (invoice, customer, reason, date); resolve ends the dispute on that invoice,\n  notes it in the ledger and the history, and reminders resume',
  },
  answer: {
    run: answerCommand,
    summary: 'answer --org ID --invoice N (--promise DATE | --paid | --dispute REASON)   record an answer given by phone',
    usage:
      'usage: relance answer --org ID --invoice NUMBER-OR-ID (--promise 2026-03-31 | --paid [--reference REF] | --dispute "reason")\n' +
      '  records what the customer said (by phone, by letter…): reminders pause, the ledger gets a note, the history shows it',
  },
  tasks: {
    run: tasksCommand,
    summary: 'tasks --org ID              calls to make and letters to print; `tasks done --org ID --invoice N` once done',
    usage:
      'usage: relance tasks --org ID\n       relance tasks done --org ID --invoice NUMBER-OR-ID [--note "what was said"]\n' +
      '  call and letter steps are yours to do: relance lists them; done marks the step done and notes it in the ledger',
  },
  charges: {
    run: runChargesCommand,
    ownHelp: true,
    summary: 'charges --regime …         late-payment charges calculator (relance charges --help)',
    usage: '',
  },
  sandbox: {
    run: sandboxCommand,
    summary: "sandbox <ledger> [--port N]   a ledger's emulator as a server",
    usage:
      "usage: relance sandbox <ledger> [--port 4010] [--invoices N] [--webhook URL]\n  a ledger's emulator as a server, seeded with a small business's books; it prints the variables that point relance at it",
  },
};

/** The commands `relance --help` lists, in its order. */
export const COMMAND_NAMES = Object.keys(commands);

const USAGE = `usage: relance <command>   (relance <command> --help for its options)\n${Object.values(commands)
  .map((c) => `  ${c.summary}`)
  .join('\n')}`;

/** Runs one command; returns its exit code (2 for a usage mistake, with one line saying what to do). */
export async function main(argv: string[], out: Out): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    out.stdout(`${USAGE}\n`);
    return name ? 0 : 2;
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command) {
    out.stderr(`relance: unknown command "${name}"; run \`relance --help\` for the list\n`);
    return 2;
  }
  // asked for help: the usage, exit 0, before any parsing or any connection to the store
  if (wantsHelp(rest)) {
    if (command.ownHelp) return command.run(['--help'], out);
    out.stdout(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, out);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError || error instanceof NotFoundError) {
      out.stderr(`relance ${name}: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

import { ConfigError } from '../config.ts';
import { NotFoundError } from '../../services/index.ts';
import { type Out, UsageError } from './args.ts';
import { runChargesCommand } from './charges.ts';
import { migrateCommand, planCommand, runCommand, statusCommand } from './engine.ts';
import { demoCommand, sandboxCommand, serveCommand } from './server.ts';

const USAGE = `usage: relance <command>
  demo [--days N]            the sandbox, the app and the worker on embedded defaults (--days: fast-forward and report)
  serve                      web app and worker in one process
  worker                     the worker alone (jobs, schedules)
  migrate                    apply database migrations
  status                     organisations, connections, and what needs your attention
  plan --org ID [--as-of ISO] [--json]   what would be sent, to whom, and why (changes nothing)
  run --org ID [--as-of ISO] [--sync]    plan and send as of that moment
  charges --regime …         late-payment charges calculator (relance charges --help)
  sandbox xero [--port N]    the Xero emulator as a server`;

const commands: Record<string, (argv: string[], out: Out) => number | Promise<number>> = {
  demo: demoCommand,
  serve: (argv, out) => serveCommand(argv, out, 'serve'),
  worker: (argv, out) => serveCommand(argv, out, 'worker'),
  migrate: migrateCommand,
  status: statusCommand,
  plan: planCommand,
  run: runCommand,
  charges: runChargesCommand,
  sandbox: sandboxCommand,
};

/** Runs one command; returns its exit code (2 for a usage mistake, with one line saying what to do). */
export async function main(argv: string[], out: Out): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    out.stdout(`${USAGE}\n`);
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    out.stderr(`relance: unknown command "${name}"; run \`relance --help\` for the list\n`);
    return 2;
  }
  try {
    return await command(rest, out);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError || error instanceof NotFoundError) {
      out.stderr(`relance ${name}: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

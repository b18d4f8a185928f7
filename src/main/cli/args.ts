import { parseArgs } from 'node:util';

/** A mistake on the command line: one line on stderr, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export type Out = { stdout(s: string): void; stderr(s: string): void };

export function parseFlags<const O extends Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message.split('\n')[0]! : String(error));
  }
}

/** "2026-03-04T10:00" (the organisation's wall clock is not known yet: an offset or Z makes it exact) or a full ISO instant. */
export function parseInstant(text: string | undefined, flag: string): Date {
  if (!text) throw new UsageError(`${flag} is required (an ISO date-time such as 2026-03-04T10:00:00Z)`);
  const withTime = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T12:00:00Z` : text;
  const d = new Date(withTime);
  if (Number.isNaN(d.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(text))
    throw new UsageError(`${flag} "${text}" is not an ISO date-time (e.g. 2026-03-04T10:00:00Z)`);
  return d;
}

/** `--help` or `-h` among the options (not after `--`, where it would be a value). */
export function wantsHelp(argv: string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

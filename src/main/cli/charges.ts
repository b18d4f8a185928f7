import { parseArgs } from 'node:util';
import { type CalendarDate, calendarDate } from '../../core/calendar.ts';
import { type Money, isCurrency, parseMoney, toDecimalString } from '../../core/money.ts';
import {
  ChargeInputError,
  REGIMES,
  parseCustom,
  statutoryCharges,
  type ChargeInput,
  type ChargeResult,
  type Regime,
} from '../../core/charges/index.ts';

export type Out = { stdout(s: string): void; stderr(s: string): void };

const USAGE = `usage: relance charges --regime FR|UK|DE|IE|EU|custom --amount 10000.00 [--currency EUR] --due 2025-03-31 --as-of 2025-04-30
  [--payment 2025-04-10:2500.00 …] [--consumer] [--formal-notice DATE] [--rate ANNUAL_%] [--json]
  custom terms: [--fixed-fee 25.00] [--percent 2] [--grace-days 5] [--minimum 100.00] [--cap 500.00] [--repeat-days 30]
--rate is the contract rate for a statutory regime (France: at least 3 × the legal rate), the annual rate for custom terms.
--currency defaults to GBP for UK, EUR otherwise.`;

const options = {
  regime: { type: 'string' },
  amount: { type: 'string' },
  currency: { type: 'string' },
  due: { type: 'string' },
  'as-of': { type: 'string' },
  payment: { type: 'string', multiple: true },
  consumer: { type: 'boolean' },
  rate: { type: 'string' },
  'fixed-fee': { type: 'string' },
  percent: { type: 'string' },
  'grace-days': { type: 'string' },
  minimum: { type: 'string' },
  cap: { type: 'string' },
  'repeat-days': { type: 'string' },
  'formal-notice': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;
type Values = ReturnType<typeof parseArgs<{ options: typeof options }>>['values'];

const STRING_FLAGS = new Set(
  Object.entries(options)
    .filter(([, o]) => o.type === 'string')
    .map(([name]) => name),
);
const CUSTOM_ONLY = ['fixed-fee', 'percent', 'grace-days', 'minimum', 'cap', 'repeat-days'] as const;

/** A mistake in the command line: one line on stderr, exit 2. */
class UsageError extends Error {}

/** `relance charges`: late-payment charges on one invoice, as a table or as JSON. Returns the exit code. */
export function runChargesCommand(argv: string[], out: Out): number {
  try {
    const values = parse(argv);
    if (values.help) {
      out.stdout(`${USAGE}\n`);
      return 0;
    }
    const result = statutoryCharges(toInput(values));
    out.stdout(values.json ? `${JSON.stringify(asJson(result))}\n` : humanReport(result));
    return 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof ChargeInputError) {
      out.stderr(`relance charges: ${error.message}\n`);
      return 2;
    }
    out.stderr(`relance charges: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

/** `--amount -5` would read as an option: glue a negative number to its flag so the amount check can name it. */
function glueNegatives(argv: string[]): string[] {
  return argv.flatMap((arg, i) => {
    const takesValue = (a: string | undefined) => a !== undefined && STRING_FLAGS.has(a.replace(/^--/, '')) && a.startsWith('--');
    const negative = (a: string | undefined) => a !== undefined && /^-\d/.test(a);
    if (takesValue(arg) && negative(argv[i + 1])) return [`${arg}=${argv[i + 1]}`];
    if (negative(arg) && takesValue(argv[i - 1])) return [];
    return [arg];
  });
}

function parse(argv: string[]): Values {
  try {
    return parseArgs({ args: glueNegatives(argv), options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    throw new UsageError(`${message.replace(/\.$/, '')}: run relance charges --help for the options`);
  }
}

function required(values: Values, name: 'regime' | 'amount' | 'due' | 'as-of', example: string): string {
  const value = values[name];
  if (value === undefined || value === '') throw new UsageError(`--${name} is missing: add e.g. --${name} ${example}`);
  return value;
}

function date(text: string, flag: string): CalendarDate {
  try {
    return calendarDate(text);
  } catch {
    throw new UsageError(`--${flag} "${text}" is not a date: write YYYY-MM-DD, e.g. 2025-03-31`);
  }
}

function amount(text: string, currency: string, flag: string): Money {
  let m: Money;
  try {
    m = parseMoney(text, currency);
  } catch (error) {
    throw new UsageError(`--${flag}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (m.minor < 0) throw new UsageError(`--${flag} ${text} is negative: give a positive amount, e.g. 25.00`);
  return m;
}

const optionalAmount = (text: string | undefined, currency: string, flag: string): string | null =>
  text === undefined ? null : toDecimalString(amount(text, currency, flag));

function number(text: string | undefined, flag: string, integer = false): number | null {
  if (text === undefined) return null;
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || (integer && !Number.isInteger(n)))
    throw new UsageError(
      `--${flag} "${text}" is not ${integer ? 'a whole number of days' : 'a number'}: e.g. --${flag} ${integer ? '30' : '2.5'}`,
    );
  return n;
}

function toInput(values: Values): ChargeInput {
  const regimeText = required(values, 'regime', 'FR');
  if (!(REGIMES as readonly string[]).includes(regimeText))
    throw new UsageError(`unknown regime "${regimeText}": use one of ${REGIMES.join(', ')}`);
  const regime = regimeText as Regime;
  const currency = (values.currency ?? (regime === 'UK' ? 'GBP' : 'EUR')).toUpperCase();
  if (!isCurrency(currency)) throw new UsageError(`unknown currency "${values.currency}": use an ISO 4217 code such as EUR or GBP`);
  const principal = amount(required(values, 'amount', '10000.00'), currency, 'amount');
  const dueDate = date(required(values, 'due', '2025-03-31'), 'due');
  const asOf = date(required(values, 'as-of', '2025-04-30'), 'as-of');
  if (dueDate > asOf)
    throw new UsageError(
      `--due ${dueDate} is after --as-of ${asOf}: charges are computed up to --as-of, which must be on or after the due date`,
    );
  const payments = (values.payment ?? []).map((text) => {
    const m = /^(\d{4}-\d{2}-\d{2}):(.+)$/.exec(text);
    if (!m) throw new UsageError(`--payment "${text}" is malformed: write DATE:AMOUNT, e.g. --payment 2025-04-10:2500.00`);
    return { date: date(m[1]!, 'payment'), amount: amount(m[2]!, currency, 'payment') };
  });
  const rate = number(values.rate, 'rate');
  const formalNotice = values['formal-notice'];

  const given = CUSTOM_ONLY.filter((flag) => values[flag] !== undefined);
  if (regime !== 'custom' && given.length)
    throw new UsageError(`--${given[0]} applies to --regime custom only: drop it or use --regime custom`);
  if (regime === 'custom' && values['fixed-fee'] === undefined && values.percent === undefined && rate === null)
    throw new UsageError('--regime custom charges nothing without --fixed-fee, --percent or --rate: give at least one');
  const custom =
    regime === 'custom'
      ? customTerms({
          fixedFee: optionalAmount(values['fixed-fee'], currency, 'fixed-fee'),
          percentOfBalance: number(values.percent, 'percent'),
          annualRatePercent: rate,
          graceDays: number(values['grace-days'], 'grace-days', true) ?? 0,
          minimumBalance: optionalAmount(values.minimum, currency, 'minimum'),
          cap: optionalAmount(values.cap, currency, 'cap'),
          repeatEveryDays: number(values['repeat-days'], 'repeat-days', true),
        })
      : null;

  return {
    regime,
    consumer: values.consumer ?? false,
    principal,
    dueDate,
    asOf,
    payments,
    custom,
    contractRatePercent: regime === 'custom' ? null : rate,
    formalNoticeDate: formalNotice === undefined ? null : date(formalNotice, 'formal-notice'),
  };
}

const FLAG_OF: Record<string, string> = {
  fixedFee: '--fixed-fee',
  percentOfBalance: '--percent',
  annualRatePercent: '--rate',
  graceDays: '--grace-days',
  minimumBalance: '--minimum',
  cap: '--cap',
  repeatEveryDays: '--repeat-days',
};

/** The policy's own validation, with its field names turned back into the flags the user typed. */
function customTerms(settings: Record<string, unknown>) {
  try {
    return parseCustom(settings);
  } catch (error) {
    if (!(error instanceof ChargeInputError)) throw error;
    throw new UsageError(
      error.message
        .replace(/^custom charges: /, '')
        .replace(/\b(\w+):/g, (m, field: string) => (FLAG_OF[field] ? `${FLAG_OF[field]}:` : m)),
    );
  }
}

const feeNotes = (r: ChargeResult) => r.fees.map((f) => `fee ${f.date}: ${f.formula}`);

function asJson(r: ChargeResult) {
  return {
    interest: toDecimalString(r.interest),
    compensation: toDecimalString(r.compensation),
    total: toDecimalString(r.total),
    currency: r.currency,
    segments: r.segments.map((s) => ({ ...s, principal: toDecimalString(s.principal) })),
    regime: r.regime,
    stale: r.stale,
    notes: [...r.notes, ...feeNotes(r)],
  };
}

function humanReport(r: ChargeResult): string {
  const who = r.regime === 'custom' ? 'custom terms' : r.consumer ? 'consumer' : 'business';
  const lines = [`${r.regime} late-payment charges (${who}), due ${r.dueDate}, as of ${r.asOf}, ${r.currency}`];
  if (r.segments.length) {
    const rows = [['from', 'to', 'days', 'principal', 'rate %', 'amount', 'rate source']].concat(
      r.segments.map((s) => [s.from, s.to, String(s.days), toDecimalString(s.principal), s.ratePercent, s.amount, s.rateSource]),
    );
    const widths = rows[0]!.slice(0, -1).map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
    const right = new Set([2, 3, 4, 5]);
    for (const row of rows)
      lines.push(
        row.map((cell, i) => (i === row.length - 1 ? cell : right.has(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  '),
      );
  }
  const totals: [string, Money][] = [
    ['interest', r.interest],
    ['compensation', r.compensation],
    ['total', r.total],
  ];
  const width = Math.max(...totals.map(([, m]) => toDecimalString(m).length));
  for (const [label, m] of totals) lines.push(`${label.padEnd(13)}${toDecimalString(m).padStart(width)} ${r.currency}`);
  for (const note of [...feeNotes(r), ...r.notes]) lines.push(`note: ${note}`);
  return `${lines.join('\n')}\n`;
}

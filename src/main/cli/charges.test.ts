import { describe, expect, it } from 'vitest';
import { runChargesCommand } from './charges.ts';

function run(args: string) {
  let stdout = '';
  let stderr = '';
  const code = runChargesCommand(args.split(/\s+/).filter(Boolean), { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

const fr = '--regime FR --amount 10000.00 --currency EUR --due 2025-03-31 --as-of 2025-04-30';

describe('relance charges', () => {
  it('prints the segments with their rate sources and the totals', () => {
    const { code, stdout, stderr } = run(`${fr} --payment 2025-04-10:2500.00`);
    expect([code, stderr]).toEqual([0, '']);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('FR late-payment charges (business), due 2025-03-31, as of 2025-04-30, EUR');
    expect(lines[2]).toMatch(
      /^2025-04-01 {2}2025-04-10\s+10\s+10000\.00\s+13\.15\s+36\.0273972603 {2}ECB main refinancing rate 3\.15% \+ 10 points/,
    );
    expect(lines[3]).toMatch(/^2025-04-11 {2}2025-04-30\s+20\s+7500\.00\s+13\.15\s+54\.0410958904 {2}ECB/);
    expect(lines.slice(4)).toEqual(['interest      90.07 EUR', 'compensation  40.00 EUR', 'total        130.07 EUR']);
  });

  it('--json prints the totals first, amounts as decimal strings', () => {
    const { code, stdout } = run(`${fr} --json`);
    expect(code).toBe(0);
    expect(stdout.endsWith('}\n')).toBe(true);
    expect(stdout.startsWith('{"interest":"108.08","compensation":"40.00","total":"148.08","currency":"EUR","segments":[{')).toBe(true);
    const json = JSON.parse(stdout);
    expect(Object.keys(json)).toEqual(['interest', 'compensation', 'total', 'currency', 'segments', 'regime', 'stale', 'notes']);
    expect(json.segments).toEqual([
      expect.objectContaining({
        from: '2025-04-01',
        to: '2025-04-30',
        days: 30,
        principal: '10000.00',
        ratePercent: '13.15',
        amount: '108.0821917808',
        stale: false,
      }),
    ]);
  });

  it('custom terms from flags, with each fee and its formula', () => {
    // 2 fees of 10.00 + 1.5% × 1000.00 = 25.00 (1 April, 1 May); 12% on 1000 for 1 April – 30 May (60 days) = 19.7260… → 19.73
    const { code, stdout } = run(
      '--regime custom --amount 1000.00 --due 2025-03-31 --as-of 2025-05-30 --fixed-fee 10.00 --percent 1.5 --repeat-days 30 --rate 12 --json',
    );
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect([json.interest, json.compensation, json.total]).toEqual(['19.73', '50.00', '69.73']);
    expect(json.notes).toEqual(['fee 2025-04-01: 10.00 + 1.5% × 1000.00 = 25.00', 'fee 2025-05-01: 10.00 + 1.5% × 1000.00 = 25.00']);
  });

  it('a consumer with a formal notice, and --help', () => {
    // France, consumer, notice on 15 April: 16–30 April = 15 days at 3.71: 10000 × 3.71 × 15 / 36500 = 15.2465… → 15.25
    expect(JSON.parse(run(`${fr} --consumer --formal-notice 2025-04-15 --json`).stdout).total).toBe('15.25');
    const help = run('--help');
    expect([help.code, help.stdout]).toEqual([0, expect.stringContaining('usage: relance charges --regime FR|UK|DE|IE|EU|custom')]);
  });

  // The calculator uses the same bands as the engine: Ireland "not exceeding €1,000", the UK "less than £1,000".
  it.each([
    ['IE', 'EUR', '1000.00', '40.00'],
    ['IE', 'EUR', '1000.01', '70.00'],
    ['IE', 'EUR', '10000.00', '70.00'],
    ['IE', 'EUR', '10000.01', '100.00'],
    ['UK', 'GBP', '999.99', '40.00'],
    ['UK', 'GBP', '1000.00', '70.00'],
    ['UK', 'GBP', '9999.99', '70.00'],
    ['UK', 'GBP', '10000.00', '100.00'],
  ])('--regime %s --currency %s --amount %s → compensation %s', (regime, currency, amount, fee) => {
    const { code, stdout } = run(`--regime ${regime} --amount ${amount} --currency ${currency} --due 2025-03-31 --as-of 2025-04-01 --json`);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).compensation).toBe(fee);
  });

  it.each([
    ['--regime FR --amount -5 --due 2025-03-31 --as-of 2025-04-30', /--amount -5 is negative/],
    [
      '--regime FR --amount 5 --due 2025-05-31 --as-of 2025-04-30',
      /--due 2025-05-31 is after --as-of 2025-04-30: .*must be on or after the due date/,
    ],
    ['--regime ES --amount 5 --due 2025-03-31 --as-of 2025-04-30', /unknown regime "ES": use one of FR, UK, DE, IE, EU, custom/],
    ['--regime FR --amount 5 --currency EURO --due 2025-03-31 --as-of 2025-04-30', /unknown currency "EURO": use an ISO 4217 code/],
    [`${fr} --rate 10`, /contract rate 10\.00% is under the French floor of 3 × the legal rate 3\.71% = 11\.13%/],
    [`${fr} --payment 2025-04-10`, /--payment "2025-04-10" is malformed: write DATE:AMOUNT/],
    [`${fr} --payment 2025-04-31:10.00`, /--payment "2025-04-31" is not a date/],
    [`${fr} --payment 2025-04-10:ten`, /--payment: "ten" is not an amount/],
    [`${fr} --cap 50`, /--cap applies to --regime custom only/],
    [`${fr} --bogus`, /Unknown option '--bogus': run relance charges --help/],
    ['--regime FR --due 2025-03-31 --as-of 2025-04-30', /--amount is missing/],
    ['--regime custom --amount 5 --due 2025-03-31 --as-of 2025-04-30 --percent 200', /--percent: Too big/],
    [
      '--regime custom --amount 5 --due 2025-03-31 --as-of 2025-04-30',
      /--regime custom charges nothing without --fixed-fee, --percent or --rate/,
    ],
  ])('%s → one line on stderr, exit 2', (args, message) => {
    const { code, stdout, stderr } = run(args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr.startsWith('relance charges: ')).toBe(true);
  });
});

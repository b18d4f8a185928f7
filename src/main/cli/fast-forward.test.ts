import { describe, expect, it } from 'vitest';
import { ledgers } from '../../../connectors/index.ts';
import { fastForward } from './fast-forward.ts';
import { main } from './index.ts';

const capture = () => {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: {
      stdout: (s: string) => {
        out.stdout += s;
      },
      stderr: (s: string) => {
        out.stderr += s;
      },
    },
  };
};

// `relance demo --days 5 --ledger <id>` for every registered ledger, on a fixed Monday and a small seed
describe.each(ledgers.filter((d) => d.sandbox).map((d) => [d.id, d.displayName] as const))(
  'relance demo --days 5 --ledger %s',
  (id, name) => {
    it('lives its sandbox five days: reminders go out, none after a payment, none twice, no job failed', async () => {
      const { out, io } = capture();
      const code = await fastForward(5, io, { ledger: id, start: new Date('2026-03-02T08:00:00Z'), invoices: 40 });
      expect(code).toBe(0);
      expect(out.stdout).toContain(`5 day(s) fast-forwarded over the ${name} sandbox`);
      expect(out.stdout).toMatch(/\d+ (courtesy|friendly|firm|final)/);
      expect(out.stdout).toContain('check: reminders sent for an invoice already paid: 0 (ok)');
      expect(out.stdout).toMatch(/check: emails in the outbox \d+, distinct reminder messages \d+: nothing sent twice \(ok\)/);
      expect(out.stdout).not.toContain('failed');
      expect(out.stdout).not.toContain('FAILED');
    }, 180_000);
  },
);

describe('a ledger with no sandbox', () => {
  it('relance demo --days and relance sandbox exit 2, naming the ledgers that have one', async () => {
    for (const argv of [
      ['demo', '--days', '5', '--ledger', 'nope'],
      ['sandbox', 'nope'],
    ]) {
      const { out, io } = capture();
      expect(await main(argv, io)).toBe(2);
      expect(out.stderr).toContain(`relance ${argv[0]}: no sandbox for "nope"; there is one for: ${ledgers.map((d) => d.id).join(', ')}`);
    }
  });
});

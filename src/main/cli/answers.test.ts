import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CalendarDate } from '../../core/calendar.ts';
import { memoryQueue } from '../../jobs/index.ts';
import { planOrganisation, writeBack } from '../../services/index.ts';
import { contact, invoice, org as orgFixture, page } from '../../../test/fixtures/ledger.ts';
import { testDeps } from '../../../test/support/engine.ts';
import { openPglite, type OpenedStore } from '../../../test/support/stores.ts';
import { answerCommand, disputesCommand, type OpenRuntime } from './answers.ts';
import { UsageError } from './args.ts';

function capture() {
  const out = { text: '', err: '' };
  return {
    out,
    io: {
      stdout: (s: string) => {
        out.text += s;
      },
      stderr: (s: string) => {
        out.err += s;
      },
    },
  };
}

describe('relance disputes and relance answer: the owner records what a customer said by phone', () => {
  let opened: OpenedStore;
  let t: ReturnType<typeof testDeps>;
  let orgId = '';
  let open: OpenRuntime;

  beforeAll(async () => {
    opened = await openPglite();
    t = testDeps(opened.store, '2026-03-10T10:00:00Z');
    const o = await opened.store.createOrganisation(orgFixture({ locale: 'en' }));
    orgId = o.id;
    await opened.store.applyChanges(
      o.id,
      page({
        contacts: [contact('c1', { name: 'Boulangerie Martin' })],
        invoices: [invoice('i1', { number: 'F-001' }), invoice('i2', { number: 'F-002', dueDate: '2026-03-05' as CalendarDate })],
      }),
      '2026-03-10T08:00:00.000Z',
    );
    // each command gets the in-process queue the real runtime would build, and writes its note through the test ledger
    open = async () => {
      const queue = memoryQueue();
      t.deps.queue = queue;
      const idle = async () => {};
      return {
        store: opened.store,
        deps: t.deps,
        queue,
        close: () => queue.close(),
        services: { sync: idle, plan: idle, send: idle, writeBack: (job) => writeBack(t.deps, job) },
      };
    };
  });
  afterAll(() => opened.close());

  const holdOf = async (number: string) => {
    const report = await planOrganisation(t.deps, orgId, { dryRun: true });
    const [inv] = await opened.store.invoicesByExternalId(orgId, [number === 'F-001' ? 'i1' : 'i2']);
    return report.decisions.find((d) => d.invoiceId === inv!.id);
  };

  it('a dispute given by phone pauses the invoice, is listed, and resolving it resumes reminders, each noted in the ledger and the history', async () => {
    const said = capture();
    expect(await answerCommand(['--org', orgId, '--invoice', 'F-001', '--dispute', 'two units missing'], said.io, open)).toBe(0);
    expect(said.out.text).toMatch(/^F-001: dispute recorded: reminders stop until you resolve it .*Noted in the ledger\.\n$/);
    expect(t.ledger.notes.map((n) => n.text)).toEqual([expect.stringMatching(/^relance: dispute: two units missing on 2026-03-10\.$/)]);
    expect(await holdOf('F-001')).toMatchObject({ kind: 'hold', reason: 'disputed' });

    const listed = capture();
    expect(await disputesCommand(['--org', orgId], listed.io, open)).toBe(0);
    expect(listed.out.text).toBe('F-001  Boulangerie Martin  since 2026-03-10 (noted by you): two units missing\n');

    t.clock.set('2026-03-12T15:00:00Z');
    const resolved = capture();
    expect(
      await disputesCommand(['resolve', '--org', orgId, '--invoice', 'F-001', '--note', 'credit note for 2 units'], resolved.io, open),
    ).toBe(0);
    expect(resolved.out.text).toContain('Dispute on F-001 resolved: reminders resume');
    expect(t.ledger.notes.at(-1)!.text).toBe('relance: dispute resolved (two units missing): credit note for 2 units on 2026-03-12.');
    expect((await holdOf('F-001'))?.kind).not.toBe('hold');
    const [inv] = await opened.store.invoicesByExternalId(orgId, ['i1']);
    const history = await opened.store.history(orgId, inv!.id);
    expect(history.filter((e) => e.kind === 'answer').map((e) => e.detail.answer)).toEqual(['dispute', 'dispute-resolved']);
    expect(history.find((e) => e.detail.answer === 'dispute-resolved')!.detail.note).toBe('credit note for 2 units');

    const none = capture();
    await disputesCommand(['--org', orgId], none.io, open);
    expect(none.out.text).toBe('Atelier Dupont SARL: no open dispute\n');
    await expect(disputesCommand(['resolve', '--org', orgId, '--invoice', 'F-001'], capture().io, open)).rejects.toThrow(
      /F-001 has no open dispute/,
    );
    expect(t.ledger.notes).toHaveLength(2);
  });

  it('a promise by phone holds the invoice until its date, and "paid" is noted with its reference', async () => {
    const promised = capture();
    expect(await answerCommand(['--org', orgId, '--invoice', 'F-002', '--promise', '2026-03-31'], promised.io, open)).toBe(0);
    expect(promised.out.text).toContain('F-002: promise to pay by 2026-03-31');
    expect(t.ledger.notes.at(-1)!.text).toMatch(/^relance: promise to pay by 2026-03-31 on /);
    expect(await holdOf('F-002')).toMatchObject({ kind: 'hold', reason: 'promised' });

    expect(await answerCommand(['--org', orgId, '--invoice', 'F-002', '--paid', '--reference', 'VIR-123'], capture().io, open)).toBe(0);
    expect(t.ledger.notes.at(-1)!.text).toMatch(/^relance: customer reports having paid \(ref\. VIR-123\) on /);
  });

  it.each([
    [['--invoice', 'F-001', '--paid', '--dispute', 'x'], /exactly one of --promise YYYY-MM-DD, --paid, --dispute/],
    [['--invoice', 'F-001'], /exactly one of/],
    [['--invoice', 'F-001', '--promise', '2026-02-30'], /--promise "2026-02-30" is not a date/],
    [['--invoice', 'F-001', '--dispute', '  '], /--dispute needs the customer's reason/],
    [['--invoice', 'F-001', '--promise', '2026-03-31', '--reference', 'R'], /--reference goes with --paid/],
  ])('answer %j is refused with a sentence', async (argv, message) => {
    await expect(answerCommand(['--org', orgId, ...argv], capture().io, open)).rejects.toThrow(message);
  });

  it('names an unknown invoice and an unknown organisation', async () => {
    await expect(answerCommand(['--org', orgId, '--invoice', 'F-999', '--paid'], capture().io, open)).rejects.toThrow(
      /no open invoice numbered "F-999"/,
    );
    await expect(disputesCommand(['--org', 'nope'], capture().io, open)).rejects.toThrow(UsageError);
  });
});

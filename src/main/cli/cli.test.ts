import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CalendarDate } from '../../core/calendar.ts';
import { org } from '../../../test/fixtures/ledger.ts';
import { FIRST_LEDGER } from '../../../test/support/ledgers.ts';
import { loadConfig } from '../config.ts';
import { createRuntime } from '../runtime.ts';
import { COMMAND_NAMES, main } from './index.ts';

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

describe('relance command line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'relance-cli-'));
  let orgId = '';
  beforeAll(async () => {
    process.env.DATA_DIR = dir;
    process.env.LOG_LEVEL = 'silent';
    // a maintenance command never generates the key (only the demo does): a fixed test key stands in
    process.env.RELANCE_SECRET_KEY = Buffer.alloc(32, 3).toString('base64');
    // maintenance commands never generate a key (only the demo does): the test sets one, as production would
    process.env.RELANCE_SECRET_KEY ??= Buffer.alloc(32, 3).toString('base64');
    const runtime = await createRuntime(loadConfig());
    const o = await runtime.store.createOrganisation(org({ vendor: FIRST_LEDGER.id, name: 'Atelier Dupont SARL' }));
    orgId = o.id;
    await runtime.store.applyChanges(
      o.id,
      {
        entity: 'invoices',
        rejected: [],
        cursor: 'c',
        payments: [],
        creditNotes: [],
        contacts: [
          { externalId: 'c1', name: 'Boulangerie Martin', emails: ['martin@client.example'], updatedAt: '2026-01-01T00:00:00.000Z' },
          { externalId: 'c2', name: 'Sans Adresse', emails: [], updatedAt: '2026-01-01T00:00:00.000Z' },
        ],
        invoices: [
          {
            externalId: 'i1',
            number: 'F-001',
            contactExternalId: 'c1',
            issueDate: '2026-02-01' as CalendarDate,
            dueDate: '2026-03-03' as CalendarDate,
            currency: 'EUR',
            totalMinor: 120_000,
            amountDueMinor: 120_000,
            amountPaidMinor: 0,
            amountCreditedMinor: 0,
            status: 'open',
            updatedAt: '2026-02-01T00:00:00.000Z',
          },
          {
            externalId: 'i2',
            number: 'F-002',
            contactExternalId: 'c2',
            issueDate: '2026-02-01' as CalendarDate,
            dueDate: '2026-03-03' as CalendarDate,
            currency: 'EUR',
            totalMinor: 5_000,
            amountDueMinor: 5_000,
            amountPaidMinor: 0,
            amountCreditedMinor: 0,
            status: 'open',
            updatedAt: '2026-02-01T00:00:00.000Z',
          },
          {
            externalId: 'i3',
            number: 'F-003',
            contactExternalId: 'c1',
            issueDate: '2026-02-01' as CalendarDate,
            dueDate: '2026-03-03' as CalendarDate,
            currency: 'EUR',
            totalMinor: 9_000,
            amountDueMinor: 0,
            amountPaidMinor: 9_000,
            amountCreditedMinor: 0,
            status: 'paid',
            updatedAt: '2026-02-01T00:00:00.000Z',
          },
        ],
      },
      '2026-03-04T08:00:00.000Z',
    );
    await runtime.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('explains each decision in words and changes nothing (safe mode)', async () => {
    const { out, io } = capture();
    expect(await main(['plan', '--org', orgId, '--as-of', '2026-03-04T10:00:00+01:00'], io)).toBe(0);
    expect(out.text).toContain('F-001');
    expect(out.text).toMatch(/SEND\s+F-001/);
    expect(out.text).toMatch(/BLOCKED\s+F-002.*Sans Adresse/);
    expect(out.text).not.toMatch(/SEND\s+F-003/);
    const again = capture();
    await main(['plan', '--org', orgId, '--as-of', '2026-03-04T10:00:00+01:00', '--json'], again.io);
    const json = JSON.parse(again.out.text);
    expect(json.decisions.map((d: { kind: string }) => d.kind).sort()).toEqual(expect.arrayContaining(['send', 'blocked']));
    const runtime = await createRuntime(loadConfig());
    expect(await runtime.store.remindersInState(orgId, ['planned', 'sent', 'skipped', 'failed'])).toEqual([]);
    await runtime.close();
  });

  it('answers a mistake with one line and exit code 2', async () => {
    for (const argv of [
      ['plan'],
      ['plan', '--org', orgId, '--as-of', '2026-13-45'],
      ['plan', '--org', 'no-such-org'],
      ['frobnicate'],
      ['plan', '--bogus'],
    ]) {
      const { out, io } = capture();
      expect(await main(argv, io)).toBe(2);
      expect(out.err.trim().split('\n')).toHaveLength(1);
    }
  });
});

// no store, no configuration: help must work on a machine where nothing is set up yet
describe('relance <command> --help', () => {
  it('every subcommand that `relance --help` lists prints its usage for --help and -h, and exits 0', async () => {
    const listing = capture();
    expect(await main(['--help'], listing.io)).toBe(0);
    const listed = [...listing.out.text.matchAll(/^ {2}([a-z]+)\b/gm)].map((m) => m[1]);
    expect(listed).toEqual(COMMAND_NAMES);
    for (const name of listed) {
      for (const argv of [
        [name!, '--help'],
        [name!, '-h'],
        [name!, '--org', 'o1', '--help'],
      ]) {
        const { out, io } = capture();
        expect([argv.join(' '), await main(argv, io), out.err]).toEqual([argv.join(' '), 0, '']);
        expect(out.text).toMatch(new RegExp(`^usage: relance ${name}\\b`));
      }
    }
    const nested = capture();
    expect(await main(['disputes', 'resolve', '--help'], nested.io)).toBe(0);
    expect(nested.out.text).toContain('relance disputes resolve --org ID --invoice');
  });
});

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { calendarDate } from '../../../../src/core/calendar.ts';
import { manualClock } from '../clock.ts';
import { createQuickBooksSandbox, type QuickBooksSandbox } from '../sandbox.ts';
import { seedQuickBooks } from '../seed/seed.ts';
import { accountingClient, connect } from '../testing.ts';
import { check, readSchema, type Schema } from './xsd.ts';

/**
 * Every entity the sandbox serves uses only element names of its XSD type (or its base types), with values of a
 * compatible basic type: what relance's mappers are written against is what QuickBooks' data model says.
 */
const DIR = fileURLToPath(new URL('../../../../../shared/contracts/quickbooks/', import.meta.url));
const present = existsSync(DIR);
if (!present) console.warn(`skipping the QuickBooks XSD contract: ${DIR} is absent (clone ../shared beside the checkout)`);

describe.skipIf(!present)('QuickBooks sandbox against the XSD', () => {
  let schema: Schema;
  let sandbox: QuickBooksSandbox;
  const served: { type: string; json: unknown; where: string }[] = [];

  beforeAll(async () => {
    schema = readSchema(
      readdirSync(DIR)
        .filter((f) => f.endsWith('.xsd'))
        .map((f) => readFileSync(`${DIR}${f}`, 'utf8')),
    );
    const clock = manualClock('2026-03-15T18:00:00Z');
    sandbox = createQuickBooksSandbox({
      now: clock.now,
      state: seedQuickBooks({ seed: 11, today: calendarDate('2026-03-15'), now: clock.now() }),
    });
    for (const realmId of sandbox.state.realms.keys()) {
      const session = await connect(sandbox, realmId);
      const api = accountingClient(sandbox, session.accessToken, realmId);
      const realm = sandbox.state.realms.get(realmId)!;
      const customer = [...realm.entities.Customer.values()][0]!;
      const item = [...realm.entities.Item.values()][0]!;
      const created = await api('POST', 'invoice', {
        body: {
          CustomerRef: { value: customer.Id },
          Line: [
            { Amount: 10, DetailType: 'SalesItemLineDetail', SalesItemLineDetail: { ItemRef: { value: item.Id }, Qty: 1, UnitPrice: 10 } },
          ],
        },
      });
      served.push({ type: 'Invoice', json: created.json.Invoice, where: `${realmId} POST invoice` });
      const note = await api('POST', 'attachable', {
        body: { AttachableRef: [{ EntityRef: { type: 'Invoice', value: created.json.Invoice.Id } }], Note: 'relance' },
      });
      served.push({ type: 'Attachable', json: note.json.Attachable, where: `${realmId} POST attachable` });
      for (const entity of ['Invoice', 'Payment', 'CreditMemo', 'Customer', 'Item'] as const) {
        const r = await api('GET', `query?query=${encodeURIComponent(`select * from ${entity} maxresults 1000`)}&include=invoiceLink`);
        for (const e of r.json.QueryResponse[entity] ?? []) served.push({ type: entity, json: e, where: `${realmId} ${entity} ${e.Id}` });
      }
      served.push({
        type: 'CompanyInfo',
        json: (await api('GET', `companyinfo/${realmId}`)).json.CompanyInfo,
        where: `${realmId} companyinfo`,
      });
      served.push({ type: 'Preferences', json: (await api('GET', 'preferences')).json.Preferences, where: `${realmId} preferences` });
    }
  });

  it('reads the XSD types relance relies on', () => {
    for (const t of [
      'Invoice',
      'Payment',
      'CreditMemo',
      'Customer',
      'Item',
      'Attachable',
      'CompanyInfo',
      'Preferences',
      'ReferenceType',
      'Line',
    ]) {
      expect(schema.complex.has(t), t).toBe(true);
    }
    expect(schema.complex.get('Invoice')!.base).toBe('SalesTransaction');
    expect(schema.complex.get('SalesTransaction')!.fields.get('Balance')?.type).toBe('xs:decimal');
  });

  it('catches a field that is not in the XSD, or of the wrong type', () => {
    expect(check(schema, 'Invoice', { Id: '1', Colour: 'red' }, 'Invoice')).toEqual(['Invoice.Colour: not an element of Invoice']);
    expect(check(schema, 'Invoice', { TotalAmt: '10.00' }, 'Invoice')[0]).toMatch(/expected a number/);
    expect(check(schema, 'Invoice', { TxnDate: '15/03/2026' }, 'Invoice')[0]).toMatch(/expected a date/);
    expect(check(schema, 'Invoice', { CustomerRef: { value: '1', name: 'x', colour: 'red' } }, 'Invoice')[0]).toMatch(/colour/);
    expect(check(schema, 'Invoice', { DocNumber: ['1'] }, 'Invoice')[0]).toMatch(/occurs once/);
  });

  it('serves every entity with XSD element names and compatible values', () => {
    expect(new Set(served.map((s) => s.type))).toEqual(
      new Set(['Invoice', 'Payment', 'CreditMemo', 'Customer', 'Item', 'Attachable', 'CompanyInfo', 'Preferences']),
    );
    const problems = served.flatMap((s) => check(schema, s.type, s.json, s.where));
    expect(problems).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { chargedInvoiceNumber, chargesInvoiceReference } from './reference.ts';

describe('the reference of a charges invoice', () => {
  it('round-trips the number of the invoice it belongs to', () => {
    expect(chargedInvoiceNumber(chargesInvoiceReference('INV-0114'))).toBe('INV-0114');
  });

  it('tells any other reference apart', () => {
    for (const other of [null, undefined, '', 'PO 4471', 'Late-payment charges: ', 'late-payment charges: INV-1']) {
      expect(chargedInvoiceNumber(other)).toBeNull();
    }
  });
});

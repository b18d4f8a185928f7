import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitText, writeKey } from './writes.ts';

describe('fitText', () => {
  it('never exceeds the limit and never splits a character', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), fc.integer({ min: 2, max: 300 }), (text, max) => {
        const out = fitText(text, max);
        // a lone surrogate would mean an emoji was cut in half
        return out.length <= max && !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(out);
      }),
    );
  });

  it('keeps short text whole and marks a cut', () => {
    expect(fitText('Reminder sent\nto anne@x.fr', 250)).toBe('Reminder sent to anne@x.fr');
    expect(fitText('👍'.repeat(200), 250)).toBe(`${'👍'.repeat(124)}…`);
  });
});

describe('writeKey', () => {
  it('is stable, distinct per purpose, and within the vendor limit', () => {
    expect(writeKey('charge:org:inv', 'note', 128)).toBe('note:charge:org:inv');
    expect(writeKey('charge:org:inv', 'note', 128)).not.toBe(writeKey('charge:org:inv', 'charges-invoice', 128));
    const long = writeKey('x'.repeat(500), 'note', 128);
    expect(long.length).toBeLessThanOrEqual(128);
    expect(writeKey('x'.repeat(500), 'note', 128)).toBe(long);
    expect(writeKey('x'.repeat(499), 'note', 128)).not.toBe(long);
    expect(() => writeKey('', 'note', 128)).toThrow(/required/);
  });
});

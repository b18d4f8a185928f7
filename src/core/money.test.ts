import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  add,
  formatMoney,
  fromDecimal,
  isCurrency,
  minorDigits,
  money,
  parseMoney,
  subtract,
  sum,
  toDecimal,
  toDecimalString,
  zero,
} from './money.ts';

describe('money', () => {
  it.each([
    ['1234.50', 'EUR', 123_450],
    ['1234.5', 'EUR', 123_450],
    ['0', 'EUR', 0],
    ['0.01', 'GBP', 1],
    ['-12.30', 'USD', -1230],
    ['1500', 'JPY', 1500],
    ['12.345', 'KWD', 12_345],
    ['  7.10 ', 'EUR', 710],
    ['0.1', 'EUR', 10],
    ['0.29', 'EUR', 29],
    ['90071992547409.91', 'EUR', 9_007_199_254_740_991],
  ])('parses %j in %s as %d minor units', (text, currency, minor) => {
    expect(parseMoney(text, currency)).toEqual({ minor, currency });
  });

  it.each([
    ['1,234.50', 'EUR', /not an amount/],
    ['12.', 'EUR', /not an amount/],
    ['.5', 'EUR', /not an amount/],
    ['1e3', 'EUR', /not an amount/],
    ['', 'EUR', /not an amount/],
    ['abc', 'EUR', /not an amount/],
    ['1.005', 'EUR', /more than 2 decimals for EUR/],
    ['1.5', 'JPY', /more than 0 decimals for JPY/],
    ['1.2345', 'BHD', /more than 3 decimals/],
    ['90071992547409.93', 'EUR', /not a whole number/],
  ])('refuses %j in %s', (text, currency, error) => {
    expect(() => parseMoney(text, currency)).toThrow(error);
  });

  it('knows the minor units of a currency', () => {
    expect([minorDigits('EUR'), minorDigits('JPY'), minorDigits('KWD'), minorDigits('HUF'), minorDigits('XYZ')]).toEqual([2, 0, 3, 2, 2]);
    expect(isCurrency('EUR')).toBe(true);
    expect(isCurrency('JPY')).toBe(true);
    expect(isCurrency('EURO')).toBe(false);
  });

  it.each([
    ['0.005', 'EUR', 1],
    ['0.0049', 'EUR', 0],
    ['-0.005', 'EUR', -1],
    ['2.675', 'EUR', 268],
    ['1.0005', 'KWD', 1001],
    ['0.5', 'JPY', 1],
    ['40.004999', 'EUR', 4000],
    ['40.005', 'EUR', 4001],
    ['1.115', 'EUR', 112],
  ])('rounds %s %s half-up (away from zero) to %d minor units, once', (value, currency, minor) => {
    expect(fromDecimal(new Decimal(value), currency)).toEqual({ minor, currency });
  });

  it('rounds like exact arithmetic would, never like binary floats', () => {
    // 1.005 * 100 = 100.49999999999999 in floats; exact half-up gives 101
    expect(fromDecimal(new Decimal('1.005'), 'EUR').minor).toBe(101);
    // 1000 € at 8.15 % a year over 31 days, times 40: 276.877… € → 276.88 €
    expect(fromDecimal(new Decimal(40).times('0.0815').dividedBy(365).times(31).times(1000), 'EUR').minor).toBe(27_688);
  });

  it('writes and reads back the same amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.constantFrom('EUR', 'JPY', 'KWD', 'GBP'), (minor, currency) => {
        const m = money(minor, currency);
        expect(parseMoney(toDecimalString(m), currency)).toEqual(m);
        expect(fromDecimal(toDecimal(m), currency)).toEqual(m);
      }),
    );
    expect(toDecimalString(money(123_450, 'EUR'))).toBe('1234.50');
    expect(toDecimalString(money(5, 'KWD'))).toBe('0.005');
    expect(toDecimalString(money(1500, 'JPY'))).toBe('1500');
  });

  it('adds and subtracts only amounts of one currency', () => {
    expect(add(money(150, 'EUR'), money(275, 'EUR'))).toEqual(money(425, 'EUR'));
    expect(subtract(money(150, 'EUR'), money(275, 'EUR'))).toEqual(money(-125, 'EUR'));
    expect(sum([money(1, 'EUR'), money(2, 'EUR'), money(3, 'EUR')], 'EUR')).toEqual(money(6, 'EUR'));
    expect(sum([], 'GBP')).toEqual(zero('GBP'));
    expect(() => add(money(1, 'EUR'), money(1, 'GBP'))).toThrow('cannot combine EUR with GBP');
    expect(() => money(1.5, 'EUR')).toThrow(/not a whole number of minor units/);
  });

  it('formats for people in their locale', () => {
    expect(formatMoney(money(123_450, 'EUR'), 'fr-FR').replace(/\s/g, ' ')).toBe('1 234,50 €');
    expect(formatMoney(money(123_450, 'GBP'), 'en-GB')).toBe('£1,234.50');
    expect(formatMoney(money(1500, 'JPY'), 'en-US')).toBe('¥1,500');
  });
});

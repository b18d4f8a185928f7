import { describe, expect, it } from 'vitest';
import { mapCompany } from './place.ts';

const info = (over: Record<string, unknown>) => ({ CompanyInfo: { CompanyName: 'Atelier Lune', ...over } });
const prefs = (currency: string) => ({ Preferences: { CurrencyPrefs: { HomeCurrency: { value: currency } } } });

describe('a QuickBooks company as a place', () => {
  it('a French company: FR, EUR, its zone, written to in French', () => {
    expect(mapCompany(info({ LegalName: 'Atelier Lune SARL', Country: 'FR', DefaultTimeZone: 'Europe/Paris' }), prefs('EUR'))).toEqual({
      name: 'Atelier Lune',
      place: { legalName: 'Atelier Lune SARL', countryCode: 'FR', baseCurrency: 'EUR', timeZone: 'Europe/Paris', language: 'fr' },
      notes: [],
    });
  });

  it('reads the address country when Country is missing, and an English country name', () => {
    expect(mapCompany(info({ CompanyAddr: { Country: 'United Kingdom' } }), null).place.countryCode).toBe('GB');
  });

  it('what it cannot read is null and said, never guessed', () => {
    const company = mapCompany(info({ Country: 'Atlantis', DefaultTimeZone: 'Pacific Standard Time' }), prefs('XYZ'));
    expect(company.place).toMatchObject({ countryCode: null, timeZone: null, baseCurrency: null, language: null });
    expect(company.notes).toHaveLength(3);
    expect(mapCompany({ CompanyInfo: 'nope' }, null)).toMatchObject({
      name: null,
      notes: [expect.stringMatching(/^companyinfo unreadable/)],
    });
  });
});

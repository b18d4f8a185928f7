import { describe, expect, it } from 'vitest';
import { regimeFor } from './charges/index.ts';
import { type LedgerPlace, languageOf, mainZoneOf, placeFrom, refreshPlace, UNKNOWN_PLACE } from './place.ts';

const paris: LedgerPlace = {
  legalName: 'Atelier Dupont SARL',
  countryCode: 'FR',
  baseCurrency: 'EUR',
  timeZone: 'Europe/Paris',
  language: 'fr',
};
const london: LedgerPlace = {
  legalName: 'Hartley & Sons Ltd',
  countryCode: 'GB',
  baseCurrency: 'GBP',
  timeZone: 'Europe/London',
  language: 'en',
};

describe('place', () => {
  it('French for FR, BE, LU and MC; English elsewhere (the languages templates/locales has)', () => {
    expect(['FR', 'be', 'LU', 'MC'].map(languageOf)).toEqual(['fr', 'fr', 'fr', 'fr']);
    expect(['GB', 'DE', 'CH', 'NZ', null].map(languageOf)).toEqual(['en', 'en', 'en', 'en', 'en']);
  });

  it("knows a few countries' main zones, each one Intl accepts", () => {
    expect(mainZoneOf('gb')).toBe('Europe/London');
    expect(mainZoneOf('ZZ')).toBeNull();
    for (const cc of ['FR', 'GB', 'DE', 'US', 'AU', 'NZ', 'IE', 'BE'])
      expect(() => new Intl.DateTimeFormat('en', { timeZone: mainZoneOf(cc)! })).not.toThrow();
  });

  it("takes the ledger's place, a missing fact from the country, and the unknown place without a ledger", () => {
    expect(placeFrom(london)).toEqual({ timeZone: 'Europe/London', locale: 'en', countryCode: 'GB' });
    expect(placeFrom({ ...paris, timeZone: null, language: null })).toEqual({ timeZone: 'Europe/Paris', locale: 'fr', countryCode: 'FR' });
    expect(placeFrom(null)).toEqual(UNKNOWN_PLACE);
    // the country picks the law: GB is the UK regime, and the unknown place assumes none
    expect(regimeFor(placeFrom(london).countryCode, false)).toBe('UK');
    expect(regimeFor(UNKNOWN_PLACE.countryCode, false)).toBe('none');
  });

  it('follows the ledger where the owner changed nothing, and keeps what the owner changed', () => {
    const atConnect = placeFrom(paris);
    expect(refreshPlace(atConnect, paris, paris)).toEqual({});
    // the organisation moved to Belgium in its ledger
    const belgium = { ...paris, countryCode: 'BE', timeZone: 'Europe/Brussels' };
    expect(refreshPlace(atConnect, paris, belgium)).toEqual({ countryCode: 'BE', timeZone: 'Europe/Brussels' });
    // the owner chose English: that stays, the rest follows
    expect(refreshPlace({ ...atConnect, locale: 'en' }, paris, { ...london })).toEqual({ timeZone: 'Europe/London', countryCode: 'GB' });
    // never read before (connected while the ledger did not answer, or before relance read it): the ledger wins
    expect(refreshPlace(UNKNOWN_PLACE, null, paris)).toEqual({ timeZone: 'Europe/Paris', locale: 'fr', countryCode: 'FR' });
  });
});

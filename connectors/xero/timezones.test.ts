import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { mapOrganisation } from './mappers.ts';
import { ianaZoneOf, XERO_TIMEZONES } from './timezones.ts';

const SPEC = fileURLToPath(new URL('../../../shared/contracts/xero/xero_accounting.yaml', import.meta.url));
const present = existsSync(SPEC);
if (!present) console.warn(`Xero TimeZone enum check skipped: ${SPEC} is absent (the contracts live in ../shared beside the checkout)`);

/** Windows zones Xero still lists that CLDR no longer maps: they fall back to the country's zone. */
const UNMAPPED = ['KAMCHATKASTANDARDTIME', 'MIDATLANTICSTANDARDTIME'];

const accepted = (timeZone: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
};

describe('Xero Timezone → IANA', () => {
  it.skipIf(!present)("maps every value of the OpenAPI TimeZone enum that CLDR maps, and names no value Xero's enum lacks", () => {
    const doc = parse(readFileSync(SPEC, 'utf8')) as { components: { schemas: { TimeZone: { enum: string[] } } } };
    const values = doc.components.schemas.TimeZone.enum;
    expect(values.length).toBeGreaterThan(100);
    expect(values.filter((v) => !(v in XERO_TIMEZONES)).sort()).toEqual(UNMAPPED);
    expect(Object.keys(XERO_TIMEZONES).filter((k) => !values.includes(k))).toEqual([]);
  });

  it('every zone of the table is one Intl accepts', () => {
    expect(Object.values(XERO_TIMEZONES).filter((zone) => !accepted(zone))).toEqual([]);
  });

  it('reads the zones of the seeded and usual organisations, whatever the case', () => {
    expect(ianaZoneOf('ROMANCESTANDARDTIME')).toBe('Europe/Paris');
    expect(ianaZoneOf('GMTSTANDARDTIME')).toBe('Europe/London');
    expect(ianaZoneOf('WEUROPESTANDARDTIME')).toBe('Europe/Berlin');
    expect(ianaZoneOf('EASTERNSTANDARDTIME')).toBe('America/New_York');
    expect(ianaZoneOf('AUSEASTERNSTANDARDTIME')).toBe('Australia/Sydney');
    expect(ianaZoneOf('NewZealandStandardTime')).toBe('Pacific/Auckland');
    expect(ianaZoneOf('UTC+12')).toBe('Etc/GMT-12');
    expect(ianaZoneOf('toString')).toBeNull();
    expect(ianaZoneOf('MIDATLANTICSTANDARDTIME')).toBeNull();
  });
});

describe('mapOrganisation', () => {
  const envelope = (org: Record<string, unknown>) => ({ Id: 'x', Status: 'OK', Organisations: [org] });

  it('gives the country, currency, IANA zone, language and legal name', () => {
    expect(
      mapOrganisation(
        envelope({ Name: 'Hartley', LegalName: 'Hartley & Sons Ltd', CountryCode: 'GB', BaseCurrency: 'GBP', Timezone: 'GMTSTANDARDTIME' }),
      ),
    ).toEqual({
      place: { legalName: 'Hartley & Sons Ltd', countryCode: 'GB', baseCurrency: 'GBP', timeZone: 'Europe/London', language: 'en' },
      notes: [],
    });
    expect(mapOrganisation(envelope({ Name: 'Brasserie', CountryCode: 'be', Timezone: 'ROMANCESTANDARDTIME' })).place).toMatchObject({
      legalName: 'Brasserie',
      countryCode: 'BE',
      language: 'fr',
    });
  });

  it("falls back to the country's main zone, else UTC, for a zone it cannot map, and says so", () => {
    const belgian = mapOrganisation(envelope({ CountryCode: 'BE', Timezone: 'MIDATLANTICSTANDARDTIME' }));
    expect(belgian.place.timeZone).toBe('Europe/Brussels');
    expect(belgian.notes).toEqual([expect.stringContaining('MIDATLANTICSTANDARDTIME')]);
    const nowhere = mapOrganisation(envelope({ Timezone: 'MARSSTANDARDTIME' }));
    expect(nowhere.place).toMatchObject({ timeZone: 'UTC', countryCode: null, language: 'en' });
    expect(nowhere.notes).toHaveLength(1);
  });

  it('keeps what it can of odd values, and refuses a body with no organisation', () => {
    expect(mapOrganisation(envelope({ CountryCode: 'France', BaseCurrency: 'XXXX', Timezone: 'GMTSTANDARDTIME' })).place).toMatchObject({
      countryCode: null,
      baseCurrency: null,
      timeZone: 'Europe/London',
    });
    expect(() => mapOrganisation({ Organisations: [] })).toThrow(/unexpected Organisation answer/);
    expect(() => mapOrganisation('<html>')).toThrow(/unexpected Organisation answer/);
  });
});

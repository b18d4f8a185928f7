/**
 * Where an organisation is, as its ledger says: read at connect and on every sync, in the same shape from every
 * vendor (each connector maps its own names, e.g. Windows zone names, to these). A fact the ledger does not give is
 * null.
 */
export type LedgerPlace = {
  legalName: string | null;
  /** ISO 3166-1 alpha-2, upper case. */
  countryCode: string | null;
  /** ISO 4217. */
  baseCurrency: string | null;
  /** IANA zone. */
  timeZone: string | null;
  /** The language its customers are written to in, from the country: one relance has templates for. */
  language: string | null;
};

/** The facts of an organisation that follow from where it is (Organisation's fields of the same names). */
export type Place = { timeZone: string; locale: string; countryCode: string };

/**
 * Used when the ledger could not be read at connect: no country's law is assumed (CLDR's "unknown region": no charges
 * regime applies), dates on UTC, English. The first sync that reads the ledger replaces it.
 */
export const UNKNOWN_PLACE: Place = { timeZone: 'UTC', locale: 'en', countryCode: 'ZZ' };

/** The languages templates/locales has texts for. */
export const LANGUAGES = ['fr', 'en'] as const;

const FRENCH_SPEAKING = new Set(['FR', 'BE', 'LU', 'MC']);

/** French where French is the business language (FR, BE, LU, MC); English elsewhere, until more languages have texts. */
export function languageOf(countryCode: string | null): 'fr' | 'en' {
  return countryCode && FRENCH_SPEAKING.has(countryCode.toUpperCase()) ? 'fr' : 'en';
}

/**
 * A country's main zone (where most of its businesses are), for a ledger whose zone is unknown or unmappable. Only
 * countries whose main zone is clear; null elsewhere (the caller falls back to UTC).
 */
const MAIN_ZONES: Record<string, string> = {
  AT: 'Europe/Vienna',
  AU: 'Australia/Sydney',
  BE: 'Europe/Brussels',
  CA: 'America/Toronto',
  CH: 'Europe/Zurich',
  DE: 'Europe/Berlin',
  DK: 'Europe/Copenhagen',
  ES: 'Europe/Madrid',
  FI: 'Europe/Helsinki',
  FR: 'Europe/Paris',
  GB: 'Europe/London',
  HK: 'Asia/Hong_Kong',
  IE: 'Europe/Dublin',
  IT: 'Europe/Rome',
  LU: 'Europe/Luxembourg',
  MC: 'Europe/Monaco',
  NL: 'Europe/Amsterdam',
  NO: 'Europe/Oslo',
  NZ: 'Pacific/Auckland',
  PL: 'Europe/Warsaw',
  PT: 'Europe/Lisbon',
  SE: 'Europe/Stockholm',
  SG: 'Asia/Singapore',
  US: 'America/New_York',
  ZA: 'Africa/Johannesburg',
};

export function mainZoneOf(countryCode: string | null): string | null {
  return (countryCode && MAIN_ZONES[countryCode.toUpperCase()]) || null;
}

/** The place a new organisation takes: the ledger's facts, each missing one from `fallback`. */
export function placeFrom(ledger: LedgerPlace | null, fallback: Place = UNKNOWN_PLACE): Place {
  if (!ledger) return { ...fallback };
  const countryCode = ledger.countryCode ?? fallback.countryCode;
  return {
    countryCode,
    timeZone: ledger.timeZone ?? mainZoneOf(countryCode) ?? fallback.timeZone,
    locale: ledger.language ?? (ledger.countryCode ? languageOf(ledger.countryCode) : fallback.locale),
  };
}

/**
 * What a fresh read of the ledger changes. A field follows the ledger while it still holds what the ledger said last
 * time (or nothing was stored yet); a value that differs from the last stored ledger value was set by the owner and is
 * kept. Returns only the fields that change.
 */
export function refreshPlace(current: Place, stored: LedgerPlace | null, fresh: LedgerPlace): Partial<Place> {
  const was = stored ? placeFrom(stored, current) : null;
  const now = placeFrom(fresh, current);
  const patch: Partial<Place> = {};
  for (const key of ['timeZone', 'locale', 'countryCode'] as const) {
    const ownerChanged = was !== null && current[key] !== was[key];
    if (!ownerChanged && now[key] !== current[key]) patch[key] = now[key];
  }
  return patch;
}

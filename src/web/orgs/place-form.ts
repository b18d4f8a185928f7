import { LANGUAGES } from '../../core/place.ts';
import type { Organisation } from '../../core/organisation.ts';
import type { FieldErrors, FormValues } from './form-values.ts';

/**
 * Where the organisation is: its time zone, the language its customers are written to in, its country (which picks
 * the charges regime and the public holidays). Each follows the ledger until the owner changes it here (refreshPlace
 * keeps a value the owner set).
 */
export type PlacePatch = { timeZone: string; locale: string; countryCode: string };

/** The IANA zones this runtime knows; 'UTC' is not in Intl's list (only its canonical zones are) but is a zone. */
let zones: Set<string> | null = null;
export function timeZones(): Set<string> {
  zones ??= new Set(['UTC', ...Intl.supportedValuesOf('timeZone')]);
  return zones;
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
/** A country's English name, or null when the code names no country. */
export function countryName(code: string, locale = 'en'): string | null {
  if (!/^[A-Z]{2}$/.test(code)) return null;
  const names = locale === 'en' ? regionNames : new Intl.DisplayNames([locale], { type: 'region', fallback: 'none' });
  try {
    return names.of(code) ?? null;
  } catch {
    return null;
  }
}

export function placeValuesOf(org: Organisation): FormValues {
  return { 'place.timeZone': org.timeZone, 'place.locale': org.locale, 'place.countryCode': org.countryCode };
}

const one = (v: string | string[] | undefined): string => (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();

/** A form without the place part (an older page) leaves the place as it is. A value unchanged is always accepted. */
export function readPlace(values: FormValues, org: Organisation, errors: FieldErrors): PlacePatch {
  const kept = { timeZone: org.timeZone, locale: org.locale, countryCode: org.countryCode };
  if (!('place.timeZone' in values)) return kept;
  const timeZone = one(values['place.timeZone']);
  const locale = one(values['place.locale']);
  const countryCode = one(values['place.countryCode']).toUpperCase();
  if (timeZone !== org.timeZone && !timeZones().has(timeZone))
    errors['place.timeZone'] ??= `"${timeZone}" is not a time zone: pick one like Europe/Paris`;
  if (locale !== org.locale && !(LANGUAGES as readonly string[]).includes(locale))
    errors['place.locale'] ??= `pick one of: ${LANGUAGES.join(', ')}`;
  if (countryCode !== org.countryCode.toUpperCase() && !countryName(countryCode))
    errors['place.countryCode'] ??= `"${countryCode}" is not a country code: two letters, like FR or GB`;
  return { timeZone, locale, countryCode };
}

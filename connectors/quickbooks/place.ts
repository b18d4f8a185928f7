import { z } from 'zod';
import { isCurrency } from '../../src/core/money.ts';
import { type LedgerPlace, languageOf } from '../../src/core/place.ts';

/**
 * Where a QuickBooks company is, from `GET companyinfo/{realmId}` and `GET preferences`. `CompanyInfo.Country` is
 * the country of its books ("US", "GB", "CA", "AU", "FR"…: two letters in Intuit's examples; a few English names are
 * read too, in case), else the company address's; `DefaultTimeZone` is kept only when it is an IANA zone this runtime
 * knows (Intuit's docs do not say its format); the currency is `Preferences.CurrencyPrefs.HomeCurrency`. What is
 * missing or unreadable is null and said in `notes`, never guessed.
 */

const address = z.object({ Country: z.string().nullish(), CountryCode: z.string().nullish() }).loose();
const companyInfo = z.object({
  CompanyInfo: z
    .object({
      CompanyName: z.string().nullish(),
      LegalName: z.string().nullish(),
      Country: z.string().nullish(),
      CompanyAddr: address.nullish(),
      LegalAddr: address.nullish(),
      DefaultTimeZone: z.string().nullish(),
    })
    .loose(),
});
const preferences = z.object({
  Preferences: z
    .object({
      CurrencyPrefs: z
        .object({ HomeCurrency: z.object({ value: z.string() }).nullish() })
        .loose()
        .nullish(),
    })
    .loose(),
});

const COUNTRY_NAMES: Record<string, string> = {
  'UNITED STATES': 'US',
  USA: 'US',
  'UNITED KINGDOM': 'GB',
  UK: 'GB',
  CANADA: 'CA',
  AUSTRALIA: 'AU',
  FRANCE: 'FR',
  INDIA: 'IN',
};

export function countryCodeOf(text: string | null | undefined): string | null {
  const t = text?.trim().toUpperCase();
  if (!t) return null;
  if (/^[A-Z]{2}$/.test(t)) return t === 'UK' ? 'GB' : t;
  return COUNTRY_NAMES[t] ?? null;
}

export function ianaZone(text: string | null | undefined): string | null {
  const t = text?.trim();
  if (!t?.includes('/')) return null;
  try {
    return new Intl.DateTimeFormat('en', { timeZone: t }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

export type QuickBooksCompany = { name: string | null; place: LedgerPlace; notes: string[] };

/** Either body may be null (its read failed): the place then holds what the other one gave. */
export function mapCompany(companyBody: unknown, preferencesBody: unknown): QuickBooksCompany {
  const notes: string[] = [];
  const info = companyBody === null ? null : companyInfo.safeParse(companyBody);
  if (info && !info.success) notes.push(`companyinfo unreadable: ${info.error.issues[0]?.message ?? 'unexpected shape'}`);
  const prefs = preferencesBody === null ? null : preferences.safeParse(preferencesBody);
  if (prefs && !prefs.success) notes.push(`preferences unreadable: ${prefs.error.issues[0]?.message ?? 'unexpected shape'}`);
  const c = info?.success ? info.data.CompanyInfo : null;

  const countryText = c?.Country ?? c?.LegalAddr?.Country ?? c?.CompanyAddr?.Country ?? null;
  const countryCode = countryCodeOf(countryText);
  if (c && !countryCode) notes.push(`country "${countryText ?? ''}" not understood: set it on the organisation`);
  const timeZone = ianaZone(c?.DefaultTimeZone);
  if (c?.DefaultTimeZone && !timeZone) notes.push(`time zone "${c.DefaultTimeZone}" is not an IANA zone: the country's main zone is used`);
  const home = prefs?.success ? (prefs.data.Preferences.CurrencyPrefs?.HomeCurrency?.value ?? null) : null;
  const baseCurrency = home && isCurrency(home) ? home : null;
  if (home && !baseCurrency) notes.push(`home currency "${home}" unknown`);

  return {
    name: c?.CompanyName ?? c?.LegalName ?? null,
    place: {
      legalName: c?.LegalName ?? c?.CompanyName ?? null,
      countryCode,
      baseCurrency,
      timeZone,
      language: countryCode ? languageOf(countryCode) : null,
    },
    notes,
  };
}

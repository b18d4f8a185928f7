import quickbooks from './quickbooks.json' with { type: 'json' };
import xero from './xero.json' with { type: 'json' };

/**
 * Every marketplace listing, as data, for the code that must agree with them: the web app's default frame-ancestors
 * and the test that every URL they name is served. A new ledger adds its listing here.
 */
export type ManifestData = { vendor: string; urls: Record<string, string>; frameAncestors?: string[] };

export const manifests: readonly ManifestData[] = [xero, quickbooks];

/** The origins that may embed relance's pages: the marketplaces of every listing. */
export function manifestFrameAncestors(): string[] {
  return [...new Set(manifests.flatMap((m) => m.frameAncestors ?? []))];
}

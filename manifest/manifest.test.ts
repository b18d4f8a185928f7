import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { QUICKBOOKS_SCOPES, quickbooksConfig } from '../connectors/quickbooks/index.ts';
import { XERO_SCOPES, xeroConfig } from '../connectors/xero/index.ts';

/** A path the web app serves. */
const route = z.string().startsWith('/');

/** What both marketplaces ask of any listing; each schema below adds its own vendor's rules. */
const listingText = {
  tagline: z.string().min(10).max(140),
  description: z.string().min(50).max(2000),
  category: z.string().min(1),
  scopes: z.array(z.string()).min(1),
};
const listingRoutes = { redirect: route, launch: route, webhook: route, disconnect: route };
const listingSupport = { support: z.object({ email: z.email() }), locales: z.array(z.string()).min(1) };

/** The marketplace listing is data; this checks it against the connector and Xero's certification rules. */
const listing = z.object({
  vendor: z.literal('xero'),
  name: z
    .string()
    .min(1)
    .refine((n) => !/xero/i.test(n), 'the product name must not contain "Xero" (App Store rule)'),
  ...listingText,
  urls: z.object({ ...listingRoutes, signUp: route, privacy: z.string(), terms: z.string() }),
  webhooks: z.object({ events: z.array(z.enum(['INVOICE', 'CONTACT', 'CREDITNOTE', 'SUBSCRIPTION'])).min(1) }),
  ...listingSupport,
  regions: z.array(z.string()).min(1),
});

const manifest = listing.parse(JSON.parse(readFileSync(new URL('./xero.json', import.meta.url), 'utf8')));

describe('Xero App Store listing', () => {
  it('asks for exactly the scopes the connector uses, with offline access and no legacy transactions scope', () => {
    expect(manifest.scopes).toEqual([...XERO_SCOPES]);
    expect(manifest.scopes).toEqual([...xeroConfig().oauth.scopes]);
    expect(manifest.scopes).toContain('offline_access');
    expect(manifest.scopes).not.toContain('accounting.transactions');
  });

  it('points at routes the web app serves', async () => {
    const { readdirSync } = await import('node:fs');
    const routes = readdirSync(new URL('../src/web/', import.meta.url), { recursive: true })
      .filter((f) => String(f).endsWith('routes.ts'))
      .map((f) => readFileSync(new URL(`../src/web/${f}`, import.meta.url), 'utf8'))
      .join('\n');
    expect(routes).toContain("'/connect/:vendor/callback'");
    expect(routes).toContain("'/connect/:vendor'");
    expect(routes).toMatch(/'\/webhooks\/:vendor'/);
    expect(manifest.urls.redirect).toBe('/connect/xero/callback');
    expect(manifest.urls.webhook).toBe('/webhooks/xero');
  });
});

/**
 * The Intuit listing and app settings: a launch URL (from the App Store), connect and reconnect URLs (Intuit asks
 * for a reconnect URL since 2026), a disconnect URL (where a user lands after disconnecting from QuickBooks), the
 * redirect URI, the webhook endpoint with its entities, privacy policy and EULA links.
 */
const intuitListing = z.object({
  vendor: z.literal('quickbooks'),
  name: z
    .string()
    .min(1)
    .refine((n) => !/quickbooks|intuit/i.test(n), "the product name must not contain Intuit's trademarks"),
  ...listingText,
  urls: z.object({ ...listingRoutes, connect: route, reconnect: route, privacy: route, terms: route }),
  webhooks: z.object({
    entities: z.array(z.enum(['Invoice', 'Payment', 'CreditMemo', 'Customer'])).min(1),
    format: z.enum(['cloudevents', 'legacy']),
  }),
  ...listingSupport,
  regions: z.array(z.string().regex(/^[A-Z]{2}$/)).min(1),
});

const intuit = intuitListing.parse(JSON.parse(readFileSync(new URL('./quickbooks.json', import.meta.url), 'utf8')));

describe('Intuit App Store listing and app settings', () => {
  it('asks for exactly the scopes the connector uses: accounting, and OpenID to name who connected', () => {
    expect(intuit.scopes).toEqual([...QUICKBOOKS_SCOPES]);
    expect(intuit.scopes).toEqual([...quickbooksConfig().oauth.scopes]);
    expect(intuit.scopes).not.toContain('com.intuit.quickbooks.payment');
  });

  it('names the routes the connector is reached on, and subscribes to every entity the webhook reads', () => {
    expect(intuit.urls.redirect).toBe('/connect/quickbooks/callback');
    expect([intuit.urls.launch, intuit.urls.connect, intuit.urls.reconnect]).toEqual(Array(3).fill('/connect/quickbooks'));
    expect(intuit.urls.webhook).toBe('/webhooks/quickbooks');
    expect(intuit.urls.privacy).toBe(manifest.urls.privacy);
    expect(intuit.urls.terms).toBe(manifest.urls.terms);
    expect([...intuit.webhooks.entities].sort()).toEqual(['CreditMemo', 'Customer', 'Invoice', 'Payment']);
  });
});

import type { LedgerApp } from '../../core/connection.ts';
import { ownEntry } from '../guards.ts';
import { html } from '../html.ts';
import { errorPage } from '../layout.ts';

/**
 * How a page names a ledger: the display name its definition gives (ctx.connectors), or its id for one this install
 * does not run. `ownEntry`: a name from the URL ("constructor") never reaches an object's inherited members.
 */
export function vendorName(vendor: string, connectors: Record<string, LedgerApp> = {}): string {
  return ownEntry(connectors, vendor)?.displayName ?? vendor;
}

export const unknownVendorPage = (vendor: string) =>
  errorPage('Unknown ledger', `relance does not connect to "${vendor}". Pick a ledger from the home page.`);

export const vendorDownPage = (vendor: string, name: string) =>
  errorPage(
    `${name} did not answer`,
    `We could not reach ${name} to connect your organisation. Nothing was changed. Please try again in a few minutes.`,
    html`<p><a class="button" href="/connect/${vendor}">Try again</a></p>`,
  );

export const deniedPage = (vendor: string, name: string, description: string | null) =>
  errorPage(
    'Connection cancelled',
    `${name} did not give relance access${description ? ` (${description})` : ''}. Nothing was changed; you can connect again whenever you like.`,
    html`<p><a class="button" href="/connect/${vendor}">Connect to ${name}</a></p>`,
  );

export const codeUsedPage = (vendor: string, name: string) =>
  errorPage(
    'This sign-in was already used',
    `${name} says this sign-in code was already used or has expired (for example after going back in the browser). Nothing was changed. Start again from here.`,
    html`<p><a class="button" href="/connect/${vendor}">Connect to ${name}</a></p>`,
  );

export const tooManyStartsPage = (seconds: number) =>
  errorPage(
    'Too many sign-in attempts',
    `This address started more sign-ins than relance accepts in a minute. Wait ${seconds} seconds, then try again.`,
  );

export const staleCallbackPage = (vendor: string, name: string) =>
  errorPage(
    'This sign-in has expired',
    `This ${name} sign-in was already used, has expired, or was started in another browser. Start again from here.`,
    html`<p><a class="button" href="/connect/${vendor}">Connect to ${name}</a></p>`,
  );

export const noTenantPage = (vendor: string, name: string) =>
  errorPage(
    'No organisation shared',
    `You signed in to ${name} but did not share any organisation with relance. Connect again and tick the organisation to chase invoices for.`,
    html`<p><a class="button" href="/connect/${vendor}">Connect to ${name}</a></p>`,
  );

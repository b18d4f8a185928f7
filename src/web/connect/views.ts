import { html } from '../html.ts';
import { errorPage } from '../layout.ts';

// a Map: a name from the URL ("constructor") must never reach an object's inherited members
const VENDOR_NAMES = new Map([
  ['xero', 'Xero'],
  ['quickbooks', 'QuickBooks'],
  ['pennylane', 'Pennylane'],
]);
const vendorName = (vendor: string) => VENDOR_NAMES.get(vendor) ?? vendor;

export const unknownVendorPage = (vendor: string) =>
  errorPage('Unknown ledger', `relance does not connect to "${vendor}". Pick a ledger from the home page.`);

export const vendorDownPage = (vendor: string) =>
  errorPage(
    `${vendorName(vendor)} did not answer`,
    `We could not reach ${vendorName(vendor)} to connect your organisation. Nothing was changed. Please try again in a few minutes.`,
    html`<p><a class="button" href="/connect/${vendor}">Try again</a></p>`,
  );

export const deniedPage = (vendor: string, description: string | null) =>
  errorPage(
    'Connection cancelled',
    `${vendorName(vendor)} did not give relance access${description ? ` (${description})` : ''}. Nothing was changed; you can connect again whenever you like.`,
    html`<p><a class="button" href="/connect/${vendor}">Connect to ${vendorName(vendor)}</a></p>`,
  );

export const codeUsedPage = (vendor: string) =>
  errorPage(
    'This sign-in was already used',
    `${vendorName(vendor)} says this sign-in code was already used or has expired (for example after going back in the browser). Nothing was changed. Start again from here.`,
    html`<p><a class="button" href="/connect/${vendor}">Connect to ${vendorName(vendor)}</a></p>`,
  );

export const tooManyStartsPage = (seconds: number) =>
  errorPage(
    'Too many sign-in attempts',
    `This address started more sign-ins than relance accepts in a minute. Wait ${seconds} seconds, then try again.`,
  );

export const staleCallbackPage = (vendor: string) =>
  errorPage(
    'This sign-in has expired',
    `This ${vendorName(vendor)} sign-in was already used, has expired, or was started in another browser. Start again from here.`,
    html`<p><a class="button" href="/connect/${vendor}">Connect to ${vendorName(vendor)}</a></p>`,
  );

export const noTenantPage = (vendor: string) =>
  errorPage(
    'No organisation shared',
    `You signed in to ${vendorName(vendor)} but did not share any organisation with relance. Connect again and tick the organisation to chase invoices for.`,
    html`<p><a class="button" href="/connect/${vendor}">Connect to ${vendorName(vendor)}</a></p>`,
  );

export { vendorName };

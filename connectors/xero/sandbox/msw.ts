import { http, type HttpHandler } from 'msw';
import type { XeroSandbox } from './sandbox.ts';

/**
 * msw handlers that answer Xero's hosts from the sandbox. The request goes to `app.fetch` with its URL as sent, so
 * the connector under test talks to https://api.xero.com and friends unchanged.
 */
export function xeroSandboxHandlers(sandbox: XeroSandbox): HttpHandler[] {
  const forward = ({ request }: { request: Request }) => sandbox.app.fetch(request);
  return [
    http.all('https://login.xero.com/*', forward),
    http.all('https://identity.xero.com/*', forward),
    http.all('https://api.xero.com/*', forward),
    // The online invoice lives on its own host; the app keeps it under /in.xero.com/ (as in server mode).
    http.all('https://in.xero.com/*', ({ request }) => {
      const url = new URL(request.url);
      url.pathname = `/in.xero.com${url.pathname}`;
      return sandbox.app.fetch(new Request(url, request));
    }),
  ];
}

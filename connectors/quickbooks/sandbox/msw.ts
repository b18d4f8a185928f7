import { http, type HttpHandler } from 'msw';
import type { QuickBooksSandbox } from './sandbox.ts';
import { INTUIT_HOSTS } from './urls.ts';

/**
 * msw handlers that answer Intuit's hosts from the sandbox, URL as sent, so a connector under test talks to
 * https://quickbooks.api.intuit.com and friends unchanged. The development host (sandbox-quickbooks…) is answered too.
 */
export function quickbooksSandboxHandlers(sandbox: QuickBooksSandbox): HttpHandler[] {
  const forward = ({ request }: { request: Request }) => sandbox.app.fetch(request);
  return [...Object.values(INTUIT_HOSTS), 'https://sandbox-quickbooks.api.intuit.com'].map((host) => http.all(`${host}/*`, forward));
}

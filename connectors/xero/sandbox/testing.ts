import type { XeroSandbox } from './sandbox.ts';
import { xeroUrls } from './urls.ts';

/** A thin caller for tests: Accounting API requests straight into the app, with token and tenant set. */
export function accountingClient(sandbox: XeroSandbox, accessToken: string, tenantId: string) {
  return async (
    method: string,
    path: string,
    opts: { body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<{ status: number; headers: Headers; json: any; text: string }> => {
    const res = await sandbox.app.fetch(
      new Request(`${xeroUrls.accounting}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${accessToken}`,
          'xero-tenant-id': tenantId,
          accept: 'application/json',
          ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...opts.headers,
        },
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      }),
    );
    const text = await res.text();
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
    return { status: res.status, headers: res.headers, json, text };
  };
}

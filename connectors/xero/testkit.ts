import { http, HttpResponse, type HttpHandler } from 'msw';
import { MemoryTokenVault } from '../shared/memory-vault.ts';

/**
 * A deliberately small stand-in for Xero, for unit tests that need exact control of one answer. End-to-end tests use
 * the real emulator in ./sandbox. Shapes follow shared/contracts/xero.
 */
export const API = 'https://api.xero.com/api.xro/2.0';
export const TOKEN_URL = 'https://identity.xero.com/connect/token';
export const TENANT = '11111111-1111-4111-8111-111111111111';
export const CONN = { orgId: 'org-1', externalId: TENANT };

export const msDate = (iso: string) => `/Date(${Date.parse(iso)}+0000)/`;

export function rawInvoice(n: number, over: Record<string, unknown> = {}): Record<string, unknown> {
  const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  return {
    Type: 'ACCREC',
    InvoiceID: id,
    InvoiceNumber: `INV-${String(n).padStart(4, '0')}`,
    Contact: { ContactID: 'c-1', Name: 'Dupont' },
    Date: msDate('2026-01-05T00:00:00Z'),
    DateString: '2026-01-05T00:00:00',
    DueDate: msDate('2026-02-04T00:00:00Z'),
    DueDateString: '2026-02-04T00:00:00',
    Status: 'AUTHORISED',
    CurrencyCode: 'EUR',
    LineAmountTypes: 'Exclusive',
    LineItems: [
      {
        LineItemID: `line-${n}`,
        Description: 'Work',
        Quantity: 1,
        UnitAmount: 100,
        LineAmount: 100,
        AccountCode: '200',
        TaxType: 'OUTPUT',
      },
    ],
    Total: 120,
    AmountDue: 120,
    AmountPaid: 0,
    AmountCredited: 0,
    UpdatedDateUTC: msDate(new Date(Date.UTC(2026, 0, 10, 0, 0, n)).toISOString()),
    ...over,
  };
}

export type Seen = { method: string; path: string; query: URLSearchParams; headers: Headers; body: unknown };

/** Records every accounting request, replays writes by Idempotency-Key like Xero does. */
export function recorder() {
  const seen: Seen[] = [];
  const replies = new Map<string, unknown>();
  return {
    seen,
    async record(request: Request): Promise<Seen> {
      const url = new URL(request.url);
      const text = request.method === 'GET' ? '' : await request.text();
      const s = {
        method: request.method,
        path: url.pathname.replace('/api.xro/2.0', ''),
        query: url.searchParams,
        headers: request.headers,
        body: text ? JSON.parse(text) : null,
      };
      seen.push(s);
      return s;
    },
    /** Answers a write once per Idempotency-Key; a replay returns the first answer and writes nothing. */
    idempotent(s: Seen, write: () => unknown): Response {
      const key = s.headers.get('idempotency-key');
      if (key && replies.has(key)) return HttpResponse.json(replies.get(key) as Record<string, unknown>);
      const body = write();
      if (key) replies.set(key, body);
      return HttpResponse.json(body as Record<string, unknown>);
    },
  };
}

export const validation = (message: string) =>
  HttpResponse.json(
    {
      ErrorNumber: 10,
      Type: 'ValidationException',
      Message: 'A validation exception occurred',
      Elements: [{ ValidationErrors: [{ Message: message }] }],
    },
    { status: 400 },
  );

let tokenSerial = 0;
/** A token endpoint that rotates refresh tokens; `onRefresh` may answer differently. */
export function tokenEndpoint(onRefresh?: (refreshToken: string) => Response | Promise<Response> | undefined): HttpHandler {
  return http.post(TOKEN_URL, async ({ request }) => {
    const form = new URLSearchParams(await request.text());
    if (form.get('grant_type') === 'refresh_token') {
      const custom = await onRefresh?.(form.get('refresh_token') ?? '');
      if (custom) return custom;
    }
    tokenSerial++;
    return HttpResponse.json({
      access_token: `at-${tokenSerial}`,
      refresh_token: `rt-${tokenSerial}`,
      expires_in: 1800,
      token_type: 'Bearer',
    });
  });
}

export async function vaultWith(expiresInMs: number, orgId = CONN.orgId): Promise<MemoryTokenVault> {
  const vault = new MemoryTokenVault();
  await vault.save(orgId, { accessToken: 'at-0', refreshToken: 'rt-0', expiresAt: new Date(Date.now() + expiresInMs).toISOString() });
  return vault;
}

export const deps = (vault: MemoryTokenVault, waits: number[] = []) => ({
  vault,
  credentials: { clientId: 'client', clientSecret: 'secret' },
  sleep: async (ms: number) => {
    waits.push(ms);
  },
});

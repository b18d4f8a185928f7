/**
 * `?requestid=` on a write: QuickBooks answers a repeated id with the first answer instead of writing again. Kept per
 * realm; the sandbox keeps them for the life of the process (QuickBooks' retention is undocumented).
 */
type Stored = { status: number; body: string; headers: [string, string][] };

export function createIdempotency() {
  const seen = new Map<string, Stored>();
  const key = (realmId: string, requestId: string) => `${realmId}\u0000${requestId}`;
  return {
    replay(realmId: string, requestId: string): Response | null {
      const s = seen.get(key(realmId, requestId));
      return s ? new Response(s.body, { status: s.status, headers: s.headers }) : null;
    },
    async remember(realmId: string, requestId: string, res: Response): Promise<Response> {
      const body = await res.text();
      const headers = [...res.headers.entries()];
      seen.set(key(realmId, requestId), { status: res.status, body, headers });
      return new Response(body, { status: res.status, headers });
    },
  };
}

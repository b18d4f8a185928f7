/**
 * `Idempotency-Key` on POST/PUT: a repeated key answers the first successful response again and writes nothing.
 * Failed answers are not kept, so a refused write can be corrected and retried under the same key.
 */
type Stored = { status: number; headers: [string, string][]; body: string; path: string };

export const MAX_KEY_LENGTH = 128;

export function createIdempotency() {
  const seen = new Map<string, Stored>();
  return {
    replay(tenantId: string, key: string): Response | null {
      const hit = seen.get(`${tenantId}\u0000${key}`);
      return hit ? new Response(hit.body, { status: hit.status, headers: hit.headers }) : null;
    },
    async remember(tenantId: string, key: string, path: string, res: Response): Promise<Response> {
      if (res.status < 200 || res.status >= 300) return res;
      const body = await res.clone().text();
      const headers = [...res.headers.entries()].filter(([k]) => k.toLowerCase() === 'content-type');
      seen.set(`${tenantId}\u0000${key}`, { status: res.status, headers, body, path });
      return res;
    },
    size: () => seen.size,
  };
}

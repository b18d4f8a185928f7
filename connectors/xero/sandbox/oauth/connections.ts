import type { Context } from 'hono';
import { problem, respond } from '../accounting/errors.ts';
import type { SandboxApp, SandboxContext } from '../context.ts';
import { utcStamp } from '../format.ts';

/** GET /connections and DELETE /connections/{id}: the tenants the bearer's app may call, and disconnecting one. */
export function connectionRoutes(app: SandboxApp, ctx: SandboxContext): void {
  const bearerClient = (c: Context): string | Response => {
    const token = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    const who = token ? ctx.auth.bearer(token) : { ok: false as const, detail: 'TokenMissing' };
    return who.ok ? who.clientId : problem(401, 'Unauthorized', who.detail, { 'www-authenticate': 'Bearer error="invalid_token"' });
  };

  app.get('/connections', (c) => {
    const clientId = bearerClient(c);
    if (clientId instanceof Response) return clientId;
    const authEventId = c.req.query('authEventId')?.toLowerCase();
    const list = ctx.auth.connections(clientId)
      .filter((conn) => !authEventId || conn.authEventId === authEventId)
      .flatMap((conn) => {
        const tenant = ctx.state.tenants.get(conn.tenantId);
        return tenant ? [{
          id: conn.id, authEventId: conn.authEventId, tenantId: conn.tenantId, tenantType: 'ORGANISATION',
          tenantName: tenant.name, createdDateUtc: utcStamp(conn.createdAt), updatedDateUtc: utcStamp(conn.updatedAt),
        }] : [];
      });
    return respond(200, list);
  });

  app.delete('/connections/:id', (c) => {
    const clientId = bearerClient(c);
    if (clientId instanceof Response) return clientId;
    const conn = ctx.auth.connections(clientId).find((x) => x.id === c.req.param('id'));
    if (!conn) return new Response(null, { status: 404 });
    conn.deleted = true;
    return new Response(null, { status: 204 });
  });
}

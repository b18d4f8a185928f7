import type { Context } from 'hono';
import { problem, respond } from '../accounting/errors.ts';
import type { SandboxApp, SandboxContext } from '../context.ts';
import { utcStamp } from '../format.ts';

/**
 * GET /connections and DELETE /connections/{id}: the tenants the bearer's USER connected to the bearer's app (as Xero
 * lists them: per user, across all of that user's consents), and disconnecting one.
 */
export function connectionRoutes(app: SandboxApp, ctx: SandboxContext): void {
  const bearerOf = (c: Context): { clientId: string; userId: string } | Response => {
    const token = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    const who = token ? ctx.auth.bearer(token) : { ok: false as const, detail: 'TokenMissing' };
    return who.ok ? who : problem(401, 'Unauthorized', who.detail, { 'www-authenticate': 'Bearer error="invalid_token"' });
  };

  app.get('/connections', (c) => {
    const who = bearerOf(c);
    if (who instanceof Response) return who;
    const authEventId = c.req.query('authEventId')?.toLowerCase();
    const list = ctx.auth
      .connections(who.clientId, who.userId)
      .filter((conn) => !authEventId || conn.authEventId === authEventId)
      .flatMap((conn) => {
        const tenant = ctx.state.tenants.get(conn.tenantId);
        return tenant
          ? [
              {
                id: conn.id,
                authEventId: conn.authEventId,
                tenantId: conn.tenantId,
                tenantType: 'ORGANISATION',
                tenantName: tenant.name,
                createdDateUtc: utcStamp(conn.createdAt),
                updatedDateUtc: utcStamp(conn.updatedAt),
              },
            ]
          : [];
      });
    return respond(200, list);
  });

  app.delete('/connections/:id', (c) => {
    const who = bearerOf(c);
    if (who instanceof Response) return who;
    const conn = ctx.auth.connections(who.clientId, who.userId).find((x) => x.id === c.req.param('id'));
    if (!conn) return new Response(null, { status: 404 });
    conn.deleted = true;
    return new Response(null, { status: 204 });
  });
}

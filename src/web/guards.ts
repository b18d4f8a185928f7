import type { Context, MiddlewareHandler } from 'hono';
import type { Organisation } from '../core/organisation.ts';
import type { WebEnv } from './context.ts';
import { errorPage } from './layout.ts';

export type OrgEnv = WebEnv & { Variables: WebEnv['Variables'] & { org: Organisation } };

const notYours = (c: Context, json: boolean) =>
  json
    ? c.json({ error: 'not found' }, 404)
    : c.html(
        String(
          errorPage(
            'Not found',
            'There is no organisation here, or you are not signed in to it. Open relance from your ledger to sign in again.',
          ),
        ),
        404,
      );

/**
 * The organisation named in the path, when this session may see it. Another tenant's id answers exactly like an id
 * that does not exist (promise 7): nothing tells a stranger it is there.
 */
export function requireOrg(options: { json?: boolean } = {}): MiddlewareHandler<OrgEnv> {
  return async (c, next) => {
    const id = c.req.param('id');
    if (!id || !c.get('session').orgIds.includes(id)) return notYours(c, !!options.json);
    const org = await c.get('ctx').deps.store.getOrganisation(id);
    if (!org) return notYours(c, !!options.json);
    c.set('org', org);
    return next();
  };
}

/**
 * A record's own entry for a name from a URL or a query, never an inherited one: `constructor` or `__proto__` must
 * read as "no such thing", not as Object's function.
 */
export function ownEntry<T>(record: Readonly<Record<string, T>>, name: string | undefined): T | undefined {
  return name !== undefined && Object.hasOwn(record, name) ? record[name] : undefined;
}

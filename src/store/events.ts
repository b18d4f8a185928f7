import type { Kysely } from 'kysely';
import type { Store } from '../core/store.ts';
import { toEvent } from './rows.ts';
import type { Database } from './schema.ts';

export function events(db: Kysely<Database>): Pick<Store, 'recentEvents'> {
  return {
    async recentEvents(orgId, kinds, limit) {
      if (kinds.length === 0 || limit <= 0) return [];
      const rows = await db
        .selectFrom('events')
        .selectAll()
        .where('org_id', '=', orgId)
        .where('kind', 'in', kinds)
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toEvent);
    },
  };
}

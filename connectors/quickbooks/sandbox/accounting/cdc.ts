import type { SandboxApp, SandboxContext } from '../context.ts';
import { qbTime } from '../format.ts';
import { validation } from '../faults.ts';
import { ENTITIES, type EntityName, type Json } from '../state.ts';

const LOOKBACK_MS = 30 * 86_400_000;
const MAX_OBJECTS = 1000;

/**
 * Change data capture: every entity of the listed kinds changed after `changedSince`, deleted ones as
 * `{Id, status: "Deleted", MetaData}`. QuickBooks refuses a `changedSince` more than 30 days back and answers at most
 * 1000 objects (the sandbox cuts per entity, oldest first: how QuickBooks truncates is undocumented).
 */
export function cdcRoutes(app: SandboxApp, ctx: SandboxContext): void {
  app.get('/v3/company/:realmId/cdc', (c) => {
    const now = ctx.now();
    const realm = c.get('realm');
    const names = (c.req.query('entities') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const since = Date.parse(c.req.query('changedSince') ?? '');
    const entities = names.map((n) => ENTITIES.find((e) => e.toLowerCase() === n.toLowerCase()));
    if (names.length === 0 || entities.some((e) => e === undefined)) {
      return validation(
        now,
        '2020',
        'Required param missing, need to supply the required value for the API',
        `Required parameter entities is missing or names an unknown entity: ${names.join(',')}`,
      );
    }
    if (Number.isNaN(since))
      return validation(
        now,
        '2020',
        'Required param missing, need to supply the required value for the API',
        'Required parameter changedSince is missing or is not a date-time',
      );
    if (since < now - LOOKBACK_MS)
      return validation(now, '4000', 'Invalid changedSince', 'changedSince cannot be more than 30 days in the past');
    const at = (e: Json) => Date.parse((e.MetaData as Json).LastUpdatedTime as string);
    const responses = (entities as EntityName[]).map((entity) => {
      const live = [...realm.entities[entity].values()].filter((e) => at(e) > since).map((e) => ({ at: at(e), json: e }));
      const gone = realm.deleted
        .filter((d) => d.entity === entity && d.at > since)
        .map((d) => ({
          at: d.at,
          json: { Id: d.id, status: 'Deleted', domain: 'QBO', MetaData: { LastUpdatedTime: qbTime(d.at) } } as Json,
        }));
      const rows = [...live, ...gone]
        .sort((a, b) => a.at - b.at)
        .slice(0, MAX_OBJECTS)
        .map((r) => r.json);
      return rows.length === 0 ? {} : { [entity]: rows, startPosition: 1, maxResults: rows.length, totalCount: rows.length };
    });
    return c.json({ CDCResponse: [{ QueryResponse: responses }], time: qbTime(now, true) });
  });
}

import type { SandboxApp, SandboxContext } from '../context.ts';
import { qbTime } from '../format.ts';
import { notFoundFault, queryFault } from '../faults.ts';
import { ENTITIES } from '../state.ts';
import { parseQuery, QueryError, runQuery } from './query.ts';
import { served } from './serialize.ts';

const BASE = '/v3/company/:realmId';

/** GET query, GET <entity>/<id>, companyinfo and preferences. Paths are lower-cased by the app (see app.ts). */
export function readRoutes(app: SandboxApp, ctx: SandboxContext): void {
  app.get(`${BASE}/query`, (c) => {
    const realm = c.get('realm');
    const text = c.req.query('query');
    if (!text) return queryFault(ctx.now(), 'the query parameter is missing');
    let q: ReturnType<typeof parseQuery>;
    try {
      q = parseQuery(text);
    } catch (e) {
      if (e instanceof QueryError) return queryFault(ctx.now(), e.message);
      throw e;
    }
    const result = runQuery(q, realm.entities[q.entity].values());
    const time = qbTime(ctx.now(), true);
    if (result.kind === 'count') return c.json({ QueryResponse: { totalCount: result.totalCount }, time });
    // QuickBooks answers an empty QueryResponse object when nothing matched (no empty list, no paging fields).
    if (result.rows.length === 0) return c.json({ QueryResponse: {}, time });
    const include = c.req.query('include');
    return c.json({
      QueryResponse: {
        [q.entity]: result.rows.map((e) => served(e, include)),
        startPosition: result.startPosition,
        maxResults: result.rows.length,
      },
      time,
    });
  });

  app.get(`${BASE}/companyinfo/:id`, (c) => {
    const realm = c.get('realm');
    if (c.req.param('id') !== realm.id) return notFoundFault(ctx.now(), 'CompanyInfo', c.req.param('id'));
    return c.json({ CompanyInfo: realm.companyInfo, time: qbTime(ctx.now(), true) });
  });

  app.get(`${BASE}/preferences`, (c) => c.json({ Preferences: c.get('realm').preferences, time: qbTime(ctx.now(), true) }));

  for (const entity of ENTITIES) {
    app.get(`${BASE}/${entity.toLowerCase()}/:id`, (c) => {
      const e = c.get('realm').entities[entity].get(c.req.param('id'));
      if (!e) return notFoundFault(ctx.now(), entity, c.req.param('id'));
      return c.json({ [entity]: served(e, c.req.query('include')), time: qbTime(ctx.now(), true) });
    });
  }
}

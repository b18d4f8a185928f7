import type { SandboxApp, SandboxContext } from '../context.ts';
import { validation } from '../faults.ts';
import { qbTime } from '../format.ts';
import { ENTITIES, type Json } from '../state.ts';
import { changed, newId, stampCreated } from './ledger.ts';

/**
 * POST attachable: a note (no file) linked to an entity, `{AttachableRef: [{EntityRef: {type: "Invoice", value}}],
 * Note}`. The customer never sees it: relance's history on an invoice.
 */
export function attachableRoutes(app: SandboxApp, ctx: SandboxContext): void {
  app.post('/v3/company/:realmId/attachable', async (c) => {
    const now = ctx.now();
    const realm = c.get('realm');
    const body = (await c.req.json().catch(() => null)) as Json | null;
    if (!body || typeof body.Note !== 'string' || body.Note.length === 0) {
      return validation(
        now,
        '2020',
        'Required param missing, need to supply the required value for the API',
        'Required parameter Note is missing in the request',
      );
    }
    const refs = Array.isArray(body.AttachableRef) ? (body.AttachableRef as Json[]) : [];
    for (const r of refs) {
      const entityRef = (r.EntityRef as Json | undefined) ?? {};
      const entity = ENTITIES.find((e) => e.toLowerCase() === String(entityRef.type ?? '').toLowerCase());
      if (!entity || !realm.entities[entity].has(String(entityRef.value))) {
        return validation(now, '610', 'Object Not Found', `Object Not Found : ${String(entityRef.type)} ${String(entityRef.value)}`);
      }
    }
    // QuickBooks caps a note at 2000 characters (Intuit's field reference for Attachable.Note).
    if (body.Note.length > 2000)
      return validation(
        now,
        '6000',
        'A business validation error has occurred while processing your request',
        'Note is longer than 2000 characters',
      );
    const attachable: Json = {
      Id: newId(realm),
      Note: body.Note,
      AttachableRef: refs.map((r) => ({ EntityRef: r.EntityRef, IncludeOnSend: false })),
    };
    stampCreated(attachable, now);
    realm.entities.Attachable.set(attachable.Id as string, attachable);
    changed(realm, 'Attachable', attachable.Id as string, 'Create', now);
    return c.json({ Attachable: attachable, time: qbTime(now, true) });
  });
}

import { Hono } from 'hono';
import type { Organisation } from '../../core/organisation.ts';
import type { WebEnv } from '../context.ts';
import { homePage } from './views.ts';

export function homeRoutes(): Hono<WebEnv> {
  const app = new Hono<WebEnv>();

  app.get('/', async (c) => {
    const { deps, connectors } = c.get('ctx');
    const found = await Promise.all(c.get('session').orgIds.map((id) => deps.store.getOrganisation(id)));
    return c.html(
      String(
        homePage(
          found.filter((o): o is Organisation => o !== null),
          connectors,
        ),
      ),
    );
  });

  app.get('/health', (c) => c.json({ ok: true, at: c.get('ctx').deps.clock.now().toISOString() }));

  return app;
}

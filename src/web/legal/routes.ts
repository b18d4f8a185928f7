import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import type { WebEnv } from '../context.ts';
import { html } from '../html.ts';
import { page } from '../layout.ts';
import { markdownToHtml } from './markdown.ts';

/** The pages the marketplace listings link to, from Markdown the operator edits in `docs/legal/`. */
export const LEGAL_PAGES = { '/privacy': 'privacy.md', '/terms': 'terms.md' } as const;

const LEGAL_DIR = new URL('../../../docs/legal/', import.meta.url);

/**
 * Read once at start: a missing file fails the start, not a reviewer's click. Public and cookie-free, so they sit
 * before the session and may be cached.
 */
export function legalRoutes(dir: URL = LEGAL_DIR): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  for (const [path, file] of Object.entries(LEGAL_PAGES)) {
    const source = readFileSync(new URL(file, dir), 'utf8');
    const title = /^#\s+(.+)$/m.exec(source)?.[1]?.trim() ?? file;
    const body = String(page(title, html`<section class="card legal">${markdownToHtml(source)}</section>`));
    app.get(path, (c) => c.html(body, 200, { 'cache-control': 'public, max-age=3600' }));
  }
  return app;
}

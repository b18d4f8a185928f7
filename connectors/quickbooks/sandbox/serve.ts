import { serve } from '@hono/node-server';
import { createQuickBooksSandbox, type QuickBooksSandbox, type QuickBooksSandboxOptions } from './sandbox.ts';
import { type QuickBooksUrls, quickbooksUrls } from './urls.ts';

/** The sandbox as a real HTTP server: every Intuit host on one origin, Intuit's paths kept. Port 0 picks a free one. */
export async function serveQuickBooksSandbox(
  opts: { port: number; hostname?: string; sandbox?: QuickBooksSandbox } & QuickBooksSandboxOptions,
): Promise<{ origin: string; urls: QuickBooksUrls; sandbox: QuickBooksSandbox; close(): Promise<void> }> {
  const hostname = opts.hostname ?? '127.0.0.1';
  const sandbox = opts.sandbox ?? createQuickBooksSandbox(opts);
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: (req) => sandbox.app.fetch(req), port: opts.port, hostname }, () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  const origin = `http://${hostname}:${port}`;
  return {
    origin,
    urls: quickbooksUrls(origin),
    sandbox,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}

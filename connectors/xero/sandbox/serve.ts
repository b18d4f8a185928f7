import { serve } from '@hono/node-server';
import { createXeroSandbox, type XeroSandbox, type XeroSandboxOptions } from './sandbox.ts';
import { sandboxUrls, type XeroUrls } from './urls.ts';

/** The sandbox as a real HTTP server: every Xero host on one origin, Xero's paths kept. Port 0 picks a free one. */
export async function serveXeroSandbox(
  opts: { port: number; hostname?: string; sandbox?: XeroSandbox } & XeroSandboxOptions,
): Promise<{ origin: string; urls: XeroUrls; sandbox: XeroSandbox; close(): Promise<void> }> {
  const hostname = opts.hostname ?? '127.0.0.1';
  const sandbox = opts.sandbox ?? createXeroSandbox({ ...opts, accountingBase: undefined });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: sandbox.app.fetch, port: opts.port, hostname }, () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  const origin = `http://${hostname}:${port}`;
  return {
    origin,
    urls: sandboxUrls(origin),
    sandbox,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}

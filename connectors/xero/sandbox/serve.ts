import { serve } from '@hono/node-server';
import { createXeroSandbox, type XeroSandbox, type XeroSandboxOptions } from './sandbox.ts';
import { sandboxUrls, type XeroUrls } from './urls.ts';

/**
 * The sandbox as a real HTTP server: every Xero host on one origin, Xero's paths kept. Port 0 picks a free one.
 * Without a ready-made `sandbox`, one is built once the origin is known, so webhook resourceUrls point at it.
 */
export async function serveXeroSandbox(
  opts: { port: number; hostname?: string; sandbox?: XeroSandbox } & XeroSandboxOptions,
): Promise<{ origin: string; urls: XeroUrls; sandbox: XeroSandbox; close(): Promise<void> }> {
  const hostname = opts.hostname ?? '127.0.0.1';
  let sandbox = opts.sandbox ?? null;
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve(
      {
        fetch: (req) => (sandbox ? sandbox.app.fetch(req) : new Response('starting', { status: 503 })),
        port: opts.port,
        hostname,
      },
      () => resolve(s),
    );
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  const origin = `http://${hostname}:${port}`;
  const urls = sandboxUrls(origin);
  sandbox ??= createXeroSandbox({ ...opts, accountingBase: opts.accountingBase ?? urls.accounting });
  const ready = sandbox;
  return {
    origin,
    urls,
    sandbox: ready,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}

import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ledgers } from '../../../connectors/index.ts';
import { ledgerStatuses } from '../config.ts';
import { main } from './index.ts';

/** A port free right now, with the two after it for the sandboxes (checked, not guaranteed to stay free). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('relance demo (npm start)', () => {
  it('stands a sandbox in for every ledger without credentials and offers each on the home page', async () => {
    const saved = { ...process.env };
    const dir = mkdtempSync(join(tmpdir(), 'relance-demo-test-'));
    // every ledger's own variables unset, as on a fresh machine
    const ledgerVars = ledgerStatuses({}).ledgers.flatMap((l) => (l.on ? [] : l.missing.map((m) => m.split(' ')[0]!)));
    let stdout = '';
    try {
      for (const name of [...ledgerVars, 'PUBLIC_URL', 'RELANCE_SECRET_KEY', 'DATABASE_URL', 'REDIS_URL']) delete process.env[name];
      const port = await freePort();
      Object.assign(process.env, { PORT: String(port), DATA_DIR: dir, LOG_LEVEL: 'silent' });
      const running = main(['demo'], {
        stdout: (s) => {
          stdout += s;
        },
        stderr: () => {},
      });
      for (let i = 0; i < 600 && !stdout.includes('relance demo: open'); i++) await new Promise((r) => setTimeout(r, 100));
      expect(stdout).toContain(`open http://localhost:${port}`);
      const home = await (await fetch(`http://127.0.0.1:${port}/`)).text();
      for (const d of ledgers) {
        expect(home).toContain(`href="/connect/${d.id}">Connect to ${d.displayName}</a>`);
        expect(stdout).toContain(`${d.displayName} at http://127.0.0.1:`);
        // its consent starts at its sandbox
        const start = await fetch(`http://127.0.0.1:${port}/connect/${d.id}`, { redirect: 'manual' });
        expect(start.status, d.id).toBe(302);
        expect(start.headers.get('location'), d.id).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
      }
      process.emit('SIGTERM');
      expect(await running).toBe(0);
    } finally {
      process.env = saved;
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { dropKeys, REDIS_URL, requireRedis, uniquePrefix } from './redis.ts';

const script = fileURLToPath(new URL('./fixtures/close-cleanly.ts', import.meta.url));
const prefix = uniquePrefix('close');

/** Runs the fixture and resolves with what it said and how long it lived on after closing. */
async function runFixture(redisUrl: string): Promise<{ said: unknown; code: number | null; lingeredMs: number }> {
  const child = fork(script, [redisUrl, prefix], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const killer = setTimeout(() => child.kill('SIGKILL'), 8_000);
  let said: unknown = null;
  let closedAt = 0;
  child.on('message', (m) => {
    said = m;
    closedAt = Date.now();
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(killer);
  return { said, code, lingeredMs: Date.now() - closedAt };
}

const withRedis = await requireRedis('Bull close');

describe('close leaves nothing behind: the process exits by itself', () => {
  test('memory', async () => {
    const run = await runFixture('');
    expect(run).toMatchObject({ said: { closed: 'memory' }, code: 0 });
    expect(run.lingeredMs).toBeLessThan(2_000);
  });

  test.runIf(withRedis)('bull', async () => {
    const run = await runFixture(REDIS_URL);
    expect(run).toMatchObject({ said: { closed: 'bull' }, code: 0 });
    expect(run.lingeredMs).toBeLessThan(2_000);
  });
});

afterAll(() => (withRedis ? dropKeys(prefix) : undefined));

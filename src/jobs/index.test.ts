import { expect, test } from 'vitest';
import { createQueue } from './index.ts';

test('createQueue picks Bull when REDIS_URL is set and the in-process queue otherwise', async () => {
  const memory = createQueue({});
  const blank = createQueue({ REDIS_URL: '  ' });
  // Bull queues connect on first use, so this one never dials out.
  const bull = createQueue({ REDIS_URL: 'redis://127.0.0.1:1' });
  expect([memory.kind, blank.kind, bull.kind]).toEqual(['memory', 'memory', 'bull']);
  await Promise.all([memory.close(), blank.close(), bull.close()]);
});

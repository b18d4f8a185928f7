import { describe, expect, it } from 'vitest';
import { FreshFor } from './fresh.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('FreshFor: one read for many views', () => {
  it('shares a read while fresh, serves the kept value while one read refreshes it behind, waits when told to refresh', async () => {
    const kept = new FreshFor<number>(40, 10_000);
    let reads = 0;
    const read = async () => {
      reads++;
      await sleep(5);
      return reads;
    };
    expect(await Promise.all([kept.get('a', read), kept.get('a', read), kept.get('a', read)])).toEqual([1, 1, 1]);
    expect(reads).toBe(1);
    await sleep(60);
    // stale: the old value at once, and one read behind
    expect(await Promise.all([kept.get('a', read), kept.get('a', read)])).toEqual([1, 1]);
    expect(reads).toBe(2);
    await sleep(20);
    expect(await kept.get('a', read)).toBe(2);
    // a form's view: a new read, waited for
    expect(await kept.get('a', read, { refresh: true })).toBe(3);
    // keys are apart
    expect(await kept.get('b', read)).toBe(4);
  });

  it('keeps no failed read, and reads again past the stale limit', async () => {
    const kept = new FreshFor<string>(10, 30);
    await expect(kept.get('a', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await kept.get('a', async () => 'up')).toBe('up');
    await sleep(50);
    expect(await kept.get('a', async () => 'newer')).toBe('newer');
  });
});

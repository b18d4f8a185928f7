import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { FreshFor, forgetAfterChange, orgKey, ReadCache } from './read-cache.ts';

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

describe('ReadCache: an owner sees their own change at once', () => {
  const appWith = (reads: ReadCache) => {
    const kept = reads.keep<string>(60_000);
    const names = new Map([
      ['o1', 'first'],
      ['o2', 'other'],
    ]);
    let readsMade = 0;
    const app = new Hono();
    app.use('/orgs/:id/*', forgetAfterChange(reads));
    app.get('/orgs/:id', async (c) => {
      const id = c.req.param('id');
      return c.text(
        await kept.get(orgKey(id), async () => {
          readsMade++;
          return names.get(id) ?? '';
        }),
      );
    });
    app.post('/orgs/:id/name', async (c) => {
      const name = String((await c.req.parseBody()).name ?? '');
      if (!name) return c.text('name?', 400);
      names.set(c.req.param('id'), name);
      return c.redirect(`/orgs/${c.req.param('id')}`, 303);
    });
    return { app, names, reads: () => readsMade };
  };
  const post = (name: string) => ({ method: 'POST', body: new URLSearchParams({ name }) });

  it('forgets the organisation’s kept reads after its form succeeded, not after a refused one, and not another’s', async () => {
    const { app, names, reads } = appWith(new ReadCache());
    expect(await (await app.request('/orgs/o1')).text()).toBe('first');
    expect(await (await app.request('/orgs/o2')).text()).toBe('other');
    expect(reads()).toBe(2);
    // kept: a change made elsewhere (the worker) shows within the page's freshness
    names.set('o2', 'changed elsewhere');
    expect(await (await app.request('/orgs/o2')).text()).toBe('other');
    // a refused form changed nothing: the kept read stays
    expect((await app.request('/orgs/o1/name', post(''))).status).toBe(400);
    expect(await (await app.request('/orgs/o1')).text()).toBe('first');
    expect(reads()).toBe(2);
    // the owner's own change: the very next view shows it, without waiting
    expect((await app.request('/orgs/o1/name', post('renamed'))).status).toBe(303);
    expect(await (await app.request('/orgs/o1')).text()).toBe('renamed');
    expect(reads()).toBe(3);
    // another organisation's kept read is not touched
    expect(await (await app.request('/orgs/o2')).text()).toBe('other');
  });

  it('a read in flight when the form succeeds is not kept for the next view', async () => {
    const reads = new ReadCache();
    const kept = reads.keep<number>(60_000);
    let value = 1;
    const slow = kept.get(orgKey('o1'), async () => {
      const seen = value;
      await sleep(20);
      return seen;
    });
    value = 2;
    reads.forget('o1');
    expect(await slow).toBe(1);
    expect(await kept.get(orgKey('o1'), async () => value)).toBe(2);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite, type OpenedStore } from '../../test/support/stores.ts';

let opened: OpenedStore;
beforeAll(async () => {
  opened = await openPglite();
});
afterAll(() => opened?.close());

describe('webhook receipts', () => {
  it('remembers the keys recorded, and only those', async () => {
    const { store } = opened;
    await store.recordReceipts(['r-a', 'r-b'], '2026-03-04T09:00:00.000Z');
    await store.recordReceipts(['r-a'], '2026-03-05T09:00:00.000Z');
    expect(await store.seenReceipts(['r-a', 'r-b', 'r-c'])).toEqual(new Set(['r-a', 'r-b']));
    expect(await store.seenReceipts([])).toEqual(new Set());
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite, type OpenedStore } from '../../../test/support/stores.ts';
import { maintain, RECEIPT_RETENTION_DAYS } from './server.ts';

let opened: OpenedStore;
beforeAll(async () => {
  opened = await openPglite();
});
afterAll(() => opened?.close());

describe("the worker's maintenance", () => {
  it(`are purged by the worker's maintenance once older than ${RECEIPT_RETENTION_DAYS} days`, async () => {
    const { store } = opened;
    await store.recordReceipts(['old-1', 'old-2'], '2026-02-20T10:00:00.000Z');
    await store.recordReceipts(['recent'], '2026-02-27T10:00:00.000Z');
    const now = new Date('2026-03-06T09:00:00.000Z');
    const { receiptsPurged } = await maintain(store, now);
    expect(receiptsPurged).toBe(2);
    expect(await store.seenReceipts(['old-1', 'old-2', 'recent'])).toEqual(new Set(['recent']));
    expect((await maintain(store, now)).receiptsPurged).toBe(0);
  });
});

/** The first sync is over: nothing running, and it finished once. */
export const firstSyncDone = (sync: { running?: unknown; lastSyncAt: string | null }) => !sync.running && !!sync.lastSyncAt;

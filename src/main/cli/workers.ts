import { hostname } from 'node:os';
import { releaseClaimsOfGoneWorkers } from '../../services/index.ts';
import type { Runtime } from '../runtime.ts';

/**
 * A claim names its worker as `host:pid`. On this host a worker whose process no longer runs is gone for sure; a
 * worker on another host cannot be checked from here, so it is never called gone (its claims wait out the lease).
 */
export function goneOnThisHost(host = hostname(), alive = processAlive): (worker: string) => boolean {
  return (worker) => {
    const cut = worker.lastIndexOf(':');
    const pid = Number(worker.slice(cut + 1));
    if (cut < 0 || worker.slice(0, cut) !== host || !Number.isInteger(pid) || pid <= 0) return false;
    return !alive(pid);
  };
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, under another user
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** At a worker's start: what a dead worker of this host held goes back to planned (or uncertain, if it was sending). */
export async function releaseGoneClaims(runtime: Pick<Runtime, 'store' | 'deps' | 'log'>, isGone = goneOnThisHost()): Promise<void> {
  const now = runtime.deps.clock.now();
  for (const org of await runtime.store.listOrganisations()) {
    const released = await releaseClaimsOfGoneWorkers(runtime.deps, org, now, isGone);
    if (released.replanned + released.uncertain > 0)
      runtime.log.warn({ orgId: org.id, ...released }, 'released the claims of a worker that is gone');
  }
}

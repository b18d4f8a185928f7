import type { Vendor } from '../core/ledger.ts';
import type { Organisation } from '../core/organisation.ts';
import { type LedgerPlace, placeFrom, refreshPlace, UNKNOWN_PLACE } from '../core/place.ts';
import { defaultPolicySet, type PolicySet } from '../core/policy.ts';
import type { ServiceDeps } from './deps.ts';

/** Shown as the reply address until the owner sets theirs (the overview asks them to). */
export const PLACEHOLDER_EMAIL = 'set-your-address@relance.invalid';

export type Consent<T> = {
  vendor: Vendor;
  /** `place`: where the ledger says the organisation is; null or absent when it could not be read at connect. */
  tenants: { externalId: string; name: string; place?: LedgerPlace | null }[];
  tokens: T;
  identityEmail: string | null;
};

/**
 * A completed consent: one organisation per tenant. A tenant connected before is reconnected and keeps its settings
 * and history. All tenants of one consent share ONE rotating refresh token, stored with the first of them
 * (Organisation.tokenKey), so refreshing for one never strands the others. Each gets a first sync and plan.
 * A new organisation takes its time zone, language and country from the ledger; when the ledger could not be read, it
 * starts on UNKNOWN_PLACE (UTC, English, no country's law) and its first sync sets them. A reconnected one keeps what
 * its owner changed and follows the ledger for the rest. A new organisation starts in preview (sendingOnSince null).
 */
export async function adoptConsent<T>(
  deps: ServiceDeps,
  consent: Consent<T>,
  options: {
    saveTokens(orgId: string, tokens: T): Promise<void>;
    policy?: PolicySet;
    /** Distinguishes the first jobs of this consent from those of an earlier one. */
    consentId: string;
  },
): Promise<Organisation[]> {
  const orgs: Organisation[] = [];
  let tokenKey: string | null = null;
  for (const tenant of consent.tenants) {
    const known = await deps.store.findOrganisation(consent.vendor, tenant.externalId);
    const ledgerPlace = tenant.place ?? null;
    // the place just read counts as a sync's re-read: the first sync after connect does not read it again
    const ledgerPlaceReadAt = ledgerPlace ? deps.clock.now().toISOString() : null;
    if (!ledgerPlace && !known)
      deps.log.warn(
        { vendor: consent.vendor, externalId: tenant.externalId, place: UNKNOWN_PLACE },
        'connected without reading where the organisation is: its time zone, language and country come at its first sync',
      );
    let org = await deps.store.createOrganisation({
      vendor: consent.vendor,
      externalId: tenant.externalId,
      name: tenant.name,
      ...placeFrom(ledgerPlace),
      ledgerPlace,
      ledgerPlaceReadAt,
      sender: { name: tenant.name, email: consent.identityEmail ?? PLACEHOLDER_EMAIL },
      branding: {},
      policy: options.policy ?? defaultPolicySet,
      tokenKey,
      // a new connection starts in preview: it syncs and plans, and sends nothing until the owner turns sending on.
      // A reconnected organisation keeps its state (the store keeps it on a known organisation).
      ...(known ? {} : { sendingOnSince: null }),
    });
    if (!tokenKey) {
      tokenKey = org.id;
      await options.saveTokens(org.id, consent.tokens);
    }
    if (known && ledgerPlace) {
      // createOrganisation kept the known organisation's settings: follow the ledger where the owner changed nothing
      org = await deps.store.updateOrganisation(org.id, {
        ...refreshPlace(known, known.ledgerPlace ?? null, ledgerPlace),
        ledgerPlace,
        ledgerPlaceReadAt,
      });
    }
    if (known && known.connectionStatus !== 'connected')
      await deps.store.setConnectionStatus(org.id, 'connected', 'reconnected by the owner');
    await deps.queue.enqueue({ type: 'sync', orgId: org.id, reason: 'connect' }, { jobId: `connect-sync-${org.id}-${options.consentId}` });
    await deps.queue.enqueue({ type: 'plan', orgId: org.id }, { jobId: `connect-plan-${org.id}-${options.consentId}` });
    orgs.push(org);
  }
  return orgs;
}

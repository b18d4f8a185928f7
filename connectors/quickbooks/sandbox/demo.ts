import { localDate } from '../../../src/core/calendar.ts';
import type { DemoSandbox, DemoSandboxOptions } from '../../shared/definition.ts';
import { approveConsent } from './consent.ts';
import type { LimitOptions } from './limits.ts';
import { DEFAULT_CLIENT } from './sandbox.ts';
import { seedQuickBooks } from './seed/seed.ts';
import { serveQuickBooksSandbox } from './serve.ts';

/** The verifier token the emulator signs its webhooks with (Intuit shows an app's own on its developer dashboard). */
export const DEMO_VERIFIER_TOKEN = 'relance-quickbooks-sandbox-verifier';

/** The fast-forward lives a day in one instant: QuickBooks' 500 a minute would stretch it into real minutes. */
const LIFTED: LimitOptions = { perMinute: 1_000_000, concurrent: 50 };

/**
 * The QuickBooks emulator as the demo runs it: a server seeded with two companies (a US and a UK one; QuickBooks
 * connects one company per consent, so the demo consents twice), its public client, and CloudEvents webhooks signed
 * with DEMO_VERIFIER_TOKEN.
 */
export async function startSandbox(options: DemoSandboxOptions): Promise<DemoSandbox> {
  const now = options.now ?? (() => new Date());
  const state = seedQuickBooks({
    seed: 1,
    today: localDate(now(), 'America/Los_Angeles'),
    now: now(),
    invoicesPerCompany: options.invoices ?? 150,
  });
  const served = await serveQuickBooksSandbox({
    port: options.port,
    now,
    state,
    ...(options.rateLimits === 'lifted' ? { limits: LIFTED } : {}),
  });
  const { control } = served.sandbox;
  const setWebhook = (url: string | null) => {
    if (url) control.subscribe({ clientId: DEFAULT_CLIENT.clientId, url, verifierToken: DEMO_VERIFIER_TOKEN, format: 'cloudevents' });
    else control.unsubscribe(DEFAULT_CLIENT.clientId);
  };
  setWebhook(options.webhookUrl);
  const realms = [...state.realms.keys()];
  // the seed's "Late payment charges" service item, in the company consent `round` connects
  const lateCharges = (round: number) =>
    [...(state.realms.get(realms[round] ?? '')?.entities.Item.values() ?? [])].find((i) => i.Name === 'Late payment charges');
  return {
    origin: served.origin,
    env: {
      QUICKBOOKS_ORIGIN: served.origin,
      QUICKBOOKS_CLIENT_ID: DEFAULT_CLIENT.clientId,
      QUICKBOOKS_CLIENT_SECRET: DEFAULT_CLIENT.clientSecret,
      QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN: DEMO_VERIFIER_TOKEN,
    },
    consents: realms.length,
    approveConsent: (authorizeUrl, round) => approveConsent(authorizeUrl, fetch, realms[round]),
    setWebhook,
    async simulateDay(day) {
      const { payments } = await control.simulateDay(day);
      return { payments: payments.length };
    },
    chargesBookTo: (round) => String(lateCharges(round)?.Id ?? ''),
    close: served.close,
  };
}

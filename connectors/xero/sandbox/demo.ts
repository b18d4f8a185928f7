import { localDate } from '../../../src/core/calendar.ts';
import type { DemoSandbox, DemoSandboxOptions } from '../../shared/definition.ts';
import { approveConsent } from './consent.ts';
import type { LimitOptions } from './limits.ts';
import { DEFAULT_CLIENT, DEFAULT_WEBHOOK_KEY } from './sandbox.ts';
import { seedLedger } from './seed/seed.ts';
import { serveXeroSandbox } from './serve.ts';

/** The fast-forward lives a day in one instant: Xero's 60 a minute would stretch it into real minutes. */
const LIFTED: LimitOptions = { perMinute: 100_000, perDay: 1_000_000, concurrent: 50, appPerMinute: 1_000_000 };

/**
 * The Xero emulator as the demo runs it: a server seeded with a small business's ledger (a French and a British
 * organisation, one consent for both), its public client, and webhooks signed with its key.
 */
export async function startSandbox(options: DemoSandboxOptions): Promise<DemoSandbox> {
  const now = options.now ?? (() => new Date());
  const served = await serveXeroSandbox({
    port: options.port,
    now,
    state: seedLedger({ seed: 1, today: localDate(now(), 'Europe/Paris'), invoices: options.invoices ?? 300, now: now() }),
    webhook: { url: options.webhookUrl, key: DEFAULT_WEBHOOK_KEY },
    ...(options.rateLimits === 'lifted' ? { limits: LIFTED } : {}),
  });
  const { control } = served.sandbox;
  return {
    origin: served.origin,
    env: {
      XERO_ORIGIN: served.origin,
      XERO_CLIENT_ID: DEFAULT_CLIENT.clientId,
      XERO_CLIENT_SECRET: DEFAULT_CLIENT.clientSecret,
      XERO_WEBHOOK_KEY: DEFAULT_WEBHOOK_KEY,
    },
    consents: 1,
    approveConsent: (authorizeUrl) => approveConsent(authorizeUrl),
    setWebhook: (url) => control.setWebhook({ url, key: DEFAULT_WEBHOOK_KEY }),
    async simulateDay(day) {
      const { payments } = await control.simulateDay(day);
      // the day's webhooks are answered before the day is over: relance syncs what they name
      await control.settled();
      return { payments };
    },
    // "200 Sales" in the seed's chart of accounts
    chargesBookTo: () => '200',
    close: served.close,
  };
}

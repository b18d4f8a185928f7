import { localDate } from '../../core/calendar.ts';
import { senderDomain, type Organisation } from '../../core/organisation.ts';
import { testEmail, type SendVia } from '../../mail/message.ts';
import { createRenderer, type Renderer } from '../../mail/render.ts';
import { sampleReminderModel } from '../../mail/sample.ts';
import type { WebContext } from '../context.ts';

/** The config defaults, for an app wired without `relay`. */
const DEFAULT_RELAY = { address: 'reminders@relance.invalid', domain: 'relance.invalid' };
export const relayOf = (ctx: WebContext) => ctx.relay ?? DEFAULT_RELAY;
/** One test per organisation per this long: the button must not become a way to flood a mailbox or a mail server. */
export const TEST_EMAIL_INTERVAL_MS = 30_000;

let renderer: Renderer | null = null;

export type TestEmailResult = { ok: true; to: string } | { ok: false; message: string; tooSoon?: boolean };

/**
 * "Send me a test": the firm reminder as the owner's customers would get it (their branding, language and tone),
 * through the same mailer as their reminders, addressed to the owner.
 */
export function testEmailSender() {
  const last = new Map<string, number>();
  return async function sendTest(ctx: WebContext, org: Organisation): Promise<TestEmailResult> {
    const now = ctx.deps.clock.now();
    const previous = last.get(org.id);
    if (previous !== undefined && now.getTime() - previous < TEST_EMAIL_INTERVAL_MS) {
      const wait = Math.ceil((TEST_EMAIL_INTERVAL_MS - (now.getTime() - previous)) / 1000);
      return { ok: false, tooSoon: true, message: `A test was sent moments ago: wait ${wait} s before asking for another.` };
    }
    forgetOlderThan(last, now.getTime() - TEST_EMAIL_INTERVAL_MS);
    last.set(org.id, now.getTime());

    const relay = relayOf(ctx);
    const firm = org.policy.default.steps.find((s) => s.template === 'firm');
    renderer ??= createRenderer();
    const rendered = await renderer.render(
      sampleReminderModel({
        template: 'firm',
        tone: firm?.tone ?? 'neutral',
        locale: org.locale,
        branding: org.branding,
        businessName: org.name,
        senderName: org.sender.name,
        today: localDate(now, org.timeZone),
      }),
    );
    const via: SendVia = org.smtp ? { kind: 'own-smtp' } : { kind: 'relay', address: relay.address };
    const email = testEmail({
      testId: `${org.id}-${now.getTime()}`.replace(/[^A-Za-z0-9._-]/g, '-'),
      domain: org.smtp ? (senderDomain(org.sender) ?? relay.domain) : relay.domain,
      sender: org.sender,
      via,
      rendered,
    });
    try {
      await ctx.deps.mailer(org).send(email);
      return { ok: true, to: org.sender.email };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      ctx.deps.log.warn({ orgId: org.id, err: message }, 'test email failed');
      return { ok: false, message };
    }
  };
}

function forgetOlderThan(last: Map<string, number>, cutoff: number): void {
  if (last.size < 1000) return;
  for (const [id, at] of last) if (at < cutoff) last.delete(id);
}

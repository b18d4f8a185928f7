import type { SenderIdentity } from '../core/organisation.ts';
import type { EmailAddress, OutgoingEmail } from '../core/ports.ts';
import type { RenderedEmail } from './model.ts';

/**
 * Who a reminder comes from. Through the platform relay, From is the relay's address under the business's name (SPF and
 * DKIM pass for the relay's domain); through the owner's own SMTP, From is the owner. Replies always reach the owner.
 */
export type SendVia = { kind: 'relay'; address: string } | { kind: 'own-smtp' };

const ID = /^[A-Za-z0-9._-]{1,100}$/;
const DOMAIN = /^(?=.{1,200}$)[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;
/** RFC 5322 lets References be trimmed; keep the first and the most recent so clients still thread. */
const MAX_REFERENCES = 20;

function checked(kind: string, id: string, domain: string): string {
  if (!ID.test(id)) throw new RangeError(`${kind} id "${id.slice(0, 40)}" must be 1-100 letters, digits, dots, dashes or underscores`);
  if (!DOMAIN.test(domain)) throw new RangeError(`"${domain.slice(0, 40)}" is not a domain name for Message-IDs`);
  return `<${kind}-${id}@${domain.toLowerCase()}>`;
}

/** The same reminder always gets the same Message-ID: a resend is recognisable, and later reminders can thread under it. */
export function messageIdFor(reminderId: string, domain: string): string {
  return checked('reminder', reminderId, domain);
}

function fromAddress(sender: SenderIdentity, via: SendVia): EmailAddress {
  return { name: sender.name, address: via.kind === 'relay' ? via.address : sender.email };
}

export type ReminderEmailArgs = {
  reminderId: string;
  /** The domain of Message-IDs: the relay's, or the owner's when they send through their own SMTP. */
  domain: string;
  sender: SenderIdentity;
  via: SendVia;
  to: EmailAddress[];
  rendered: RenderedEmail;
  /** Ids of reminders already sent for the same invoice(s), oldest first: this one threads under them. */
  earlierReminderIds?: readonly string[];
};

export function reminderEmail(args: ReminderEmailArgs): OutgoingEmail {
  if (args.to.length === 0) throw new RangeError('a reminder needs at least one recipient');
  const messageId = messageIdFor(args.reminderId, args.domain);
  const earlier = [...new Set(args.earlierReminderIds ?? [])]
    .filter((id) => id !== args.reminderId)
    .map((id) => messageIdFor(id, args.domain));
  const references = earlier.length > MAX_REFERENCES ? [earlier[0]!, ...earlier.slice(-(MAX_REFERENCES - 1))] : earlier;
  const last = references[references.length - 1];
  return {
    from: fromAddress(args.sender, args.via),
    replyTo: { name: args.sender.name, address: args.sender.email },
    to: args.to,
    subject: args.rendered.subject,
    html: args.rendered.html,
    text: args.rendered.text,
    messageId,
    ...(last ? { inReplyTo: last, references } : {}),
    headers: { 'X-Relance-Reminder': args.reminderId },
  };
}

export type TestEmailArgs = {
  /** Unique per request (the owner may ask several times). */
  testId: string;
  domain: string;
  sender: SenderIdentity;
  via: SendVia;
  /** A sample rendered with the owner's settings, e.g. render(sampleReminderModel({ … their branding … })). */
  rendered: RenderedEmail;
  /** Where the test goes: the owner's own address unless they name another. */
  to?: EmailAddress;
};

/** The owner's "send me a test": the real thing, addressed to them, marked as a test in the subject. */
export function testEmail(args: TestEmailArgs): OutgoingEmail {
  return {
    from: fromAddress(args.sender, args.via),
    replyTo: { name: args.sender.name, address: args.sender.email },
    to: [args.to ?? { name: args.sender.name, address: args.sender.email }],
    subject: `[Test] ${args.rendered.subject}`,
    html: args.rendered.html,
    text: args.rendered.text,
    messageId: checked('test', args.testId, args.domain),
    headers: { 'X-Relance-Test': 'yes' },
  };
}

import type { MailComposerOptions } from 'nodemailer/lib/mail-composer';
import { MailError, type EmailAddress, type OutgoingEmail } from '../../core/ports.ts';
import { oneLine } from '../format.ts';

/**
 * The one door from an OutgoingEmail to nodemailer, shared by every transport: header values are made single-line here,
 * so a name or subject carrying "\r\nBcc: …" can never add a header, and addresses or ids with such characters are
 * refused outright (a reminder to a mangled address must fail visibly, not go somewhere else).
 */
const ADDRESS = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;
const MESSAGE_ID = /^<[^\s<>@]+@[^\s<>@]+>$/;
const HEADER_NAME = /^[A-Za-z0-9][A-Za-z0-9-]{0,60}$/;
/** Headers a caller may not set through `headers`: they have fields of their own, or belong to the transport. */
const RESERVED = new Set([
  'from',
  'to',
  'cc',
  'bcc',
  'reply-to',
  'sender',
  'subject',
  'message-id',
  'in-reply-to',
  'references',
  'date',
  'mime-version',
  'content-type',
  'content-transfer-encoding',
  'return-path',
]);

export const NAME_MAX = 120;
export const SUBJECT_MAX = 250;

function refuse(what: string): never {
  throw new MailError(`refused before sending: ${what}`, true);
}

function address(a: EmailAddress, field: string): { name: string; address: string } {
  if (!ADDRESS.test(a.address) || a.address.length > 254)
    refuse(`${field} address ${JSON.stringify(a.address.slice(0, 80))} is not a plain email address`);
  return { name: oneLine(a.name ?? '', NAME_MAX), address: a.address };
}

function messageId(id: string, field: string): string {
  if (!MESSAGE_ID.test(id) || id.length > 250) refuse(`${field} ${JSON.stringify(id.slice(0, 80))} is not a Message-ID like <id@domain>`);
  return id;
}

export function toMailOptions(email: OutgoingEmail): MailComposerOptions {
  if (email.to.length === 0) refuse('no recipient');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(email.headers ?? {})) {
    if (!HEADER_NAME.test(name) || RESERVED.has(name.toLowerCase()))
      refuse(`header name ${JSON.stringify(name.slice(0, 60))} is not allowed`);
    headers[name] = oneLine(value, 900);
  }
  const references = (email.references ?? []).map((r) => messageId(r, 'References'));
  return {
    from: address(email.from, 'From'),
    to: email.to.map((a) => address(a, 'To')),
    ...(email.replyTo ? { replyTo: address(email.replyTo, 'Reply-To') } : {}),
    subject: oneLine(email.subject, SUBJECT_MAX),
    text: email.text,
    html: email.html,
    messageId: messageId(email.messageId, 'Message-ID'),
    ...(email.inReplyTo ? { inReplyTo: messageId(email.inReplyTo, 'In-Reply-To') } : {}),
    ...(references.length ? { references } : {}),
    headers,
    // The content is ours: never let a path or URL in it be read from disk or fetched.
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

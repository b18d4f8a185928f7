import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { Mailer } from '../../core/ports.ts';
import { toMailOptions } from './headers.ts';

/** "<reminder-42@relance.app>" → "reminder-42@relance.app"; anything unusual is replaced and a hash keeps names apart. */
export function outboxFileName(messageId: string): string {
  const bare = messageId.replace(/^<|>$/g, '');
  const safe = bare
    .replace(/[^A-Za-z0-9._@+-]/g, '_')
    .replace(/^\.+/, '_')
    .slice(0, 180);
  if (safe === bare) return `${safe}.eml`;
  return `${safe}~${createHash('sha256').update(messageId).digest('hex').slice(0, 10)}.eml`;
}

/**
 * Writes each message as an .eml file instead of sending it (the demo, previews). One file per Message-ID: sending the
 * same reminder again replaces its file, atomically.
 */
export function outboxMailer(dir: string): Mailer & { pathOf(messageId: string): string } {
  mkdirSync(dir, { recursive: true });
  const pathOf = (messageId: string) => join(dir, outboxFileName(messageId));
  return {
    pathOf,
    async send(email) {
      const message = toMailOptions(email);
      const eml = await new MailComposer(message).compile().build();
      const path = pathOf(email.messageId);
      const temp = `${path}.${randomUUID()}.tmp`;
      writeFileSync(temp, eml);
      renameSync(temp, path);
      return { response: `250 written to ${path}` };
    },
  };
}

import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { MailError, type OutgoingEmail } from '../../core/ports.ts';
import { outboxFileName, outboxMailer } from './outbox.ts';

const email: OutgoingEmail = {
  from: { name: 'Atelier Lumen', address: 'reminders@relay.relance.app' },
  replyTo: { name: 'Atelier Lumen', address: 'claire@atelier-lumen.fr' },
  to: [{ name: 'Boulangerie Dupont', address: 'compta@dupont.fr' }],
  subject: 'Reminder: invoice F-1\r\nBcc: victim@example.com',
  html: '<p>Pay here: <a href="https://pay.example/p/1">pay</a></p>',
  text: 'Pay here: https://pay.example/p/1\n',
  messageId: '<reminder-r-1@relay.relance.app>',
  inReplyTo: '<reminder-r-0@relay.relance.app>',
  references: ['<reminder-r-0@relay.relance.app>'],
};

describe('outboxMailer', () => {
  it('writes one parseable .eml per Message-ID, and a resend overwrites it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relance-outbox-'));
    const outbox = outboxMailer(dir);
    await outbox.send(email);
    await outbox.send({ ...email, text: 'Second version\n' });
    expect(readdirSync(dir)).toEqual(['reminder-r-1@relay.relance.app.eml']);

    const parsed = await simpleParser(readFileSync(join(dir, 'reminder-r-1@relay.relance.app.eml')));
    expect(parsed.messageId).toBe('<reminder-r-1@relay.relance.app>');
    expect(parsed.inReplyTo).toBe('<reminder-r-0@relay.relance.app>');
    expect(parsed.subject).toBe('Reminder: invoice F-1 Bcc: victim@example.com');
    expect(parsed.headerLines.map((h) => h.key)).not.toContain('bcc');
    expect(parsed.replyTo?.value[0]?.address).toBe('claire@atelier-lumen.fr');
    expect(parsed.text).toBe('Second version\n');
    expect(parsed.html).toContain('href="https://pay.example/p/1"');

    await outbox.send({ ...email, messageId: '<reminder-r-2@relay.relance.app>' });
    expect(readdirSync(dir).sort()).toEqual(['reminder-r-1@relay.relance.app.eml', 'reminder-r-2@relay.relance.app.eml']);
  });

  it('names files safely, and distinct ids never share a file', () => {
    expect(outboxFileName('<reminder-42@relance.app>')).toBe('reminder-42@relance.app.eml');
    const a = outboxFileName('<../../etc/passwd@x.y>');
    expect(a).not.toContain('/');
    expect(a).not.toMatch(/^\./);
    expect(outboxFileName('<a/b@x.y>')).not.toBe(outboxFileName('<a_b@x.y>'));
  });

  it('refuses a malformed Message-ID instead of writing somewhere odd', async () => {
    const outbox = outboxMailer(mkdtempSync(join(tmpdir(), 'relance-outbox-')));
    await expect(outbox.send({ ...email, messageId: 'no-brackets' })).rejects.toBeInstanceOf(MailError);
  });
});

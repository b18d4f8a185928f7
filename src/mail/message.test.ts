import { describe, expect, it } from 'vitest';
import { messageIdFor, reminderEmail, testEmail } from './message.ts';

const rendered = { subject: 'Second reminder: invoice F-1', preheader: 'p', html: '<p>h</p>', text: 't\n' };
const sender = { name: 'Atelier Lumen', email: 'claire@atelier-lumen.fr' };
const to = [{ name: 'Dupont', address: 'compta@dupont.fr' }];
const base = { domain: 'relay.relance.app', sender, to, rendered };

describe('reminderEmail', () => {
  it('comes from the business name at the relay address, replies go to the owner', () => {
    const e = reminderEmail({ ...base, reminderId: 'r1', via: { kind: 'relay', address: 'reminders@relay.relance.app' } });
    expect(e.from).toEqual({ name: 'Atelier Lumen', address: 'reminders@relay.relance.app' });
    expect(e.replyTo).toEqual({ name: 'Atelier Lumen', address: 'claire@atelier-lumen.fr' });
    expect(e.messageId).toBe('<reminder-r1@relay.relance.app>');
    expect(e.inReplyTo).toBeUndefined();
    expect(e.references).toBeUndefined();
  });

  it("comes from the owner's address when they send through their own SMTP", () => {
    const e = reminderEmail({ ...base, domain: 'atelier-lumen.fr', reminderId: 'r1', via: { kind: 'own-smtp' } });
    expect(e.from.address).toBe('claire@atelier-lumen.fr');
    expect(e.messageId).toBe('<reminder-r1@atelier-lumen.fr>');
  });

  it('threads under earlier reminders of the same invoices: In-Reply-To the latest, References all (trimmed)', () => {
    const e = reminderEmail({ ...base, reminderId: 'r3', via: { kind: 'own-smtp' }, earlierReminderIds: ['r1', 'r2', 'r2', 'r3'] });
    expect(e.inReplyTo).toBe('<reminder-r2@relay.relance.app>');
    expect(e.references).toEqual(['<reminder-r1@relay.relance.app>', '<reminder-r2@relay.relance.app>']);
    const many = reminderEmail({
      ...base,
      reminderId: 'z',
      via: { kind: 'own-smtp' },
      earlierReminderIds: Array.from({ length: 30 }, (_, i) => `r${i}`),
    });
    expect(many.references).toHaveLength(20);
    expect(many.references?.[0]).toBe('<reminder-r0@relay.relance.app>');
    expect(many.references?.at(-1)).toBe('<reminder-r29@relay.relance.app>');
  });

  it('gives the same reminder the same Message-ID, and refuses ids or domains that could break the header', () => {
    expect(messageIdFor('a-1', 'Relay.Example')).toBe(messageIdFor('a-1', 'relay.example'));
    expect(() => messageIdFor('a>1', 'relay.example')).toThrow(/letters, digits/);
    expect(() => messageIdFor('a1', 'relay.example>\r\nBcc: x')).toThrow(/not a domain/);
    expect(() => reminderEmail({ ...base, to: [], reminderId: 'r1', via: { kind: 'own-smtp' } })).toThrow(/recipient/);
  });
});

describe('testEmail', () => {
  it('goes to the owner, marked as a test, and never threads with real reminders', () => {
    const e = testEmail({
      testId: 't-9',
      domain: 'relay.relance.app',
      sender,
      via: { kind: 'relay', address: 'reminders@relay.relance.app' },
      rendered,
    });
    expect(e.to).toEqual([{ name: 'Atelier Lumen', address: 'claire@atelier-lumen.fr' }]);
    expect(e.subject).toBe('[Test] Second reminder: invoice F-1');
    expect(e.messageId).toBe('<test-t-9@relay.relance.app>');
    expect(e.inReplyTo).toBeUndefined();
  });
});

import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MailError } from '../../core/ports.ts';
import { reminderEmail } from '../message.ts';
import { createRenderer } from '../render.ts';
import { sampleReminderModel } from '../sample.ts';
import { OWN_SMTP_FAILED, ownSmtpMailer } from './own-smtp.ts';
import { type LookupAll, smtpMailer } from './smtp.ts';

/** A real SMTP peer on a random local port: it keeps what it receives and refuses on cue, by recipient. */
type Received = { raw: Buffer; rcpt: string[]; from: string };
const received: Received[] = [];
const refusal = (code: number, text: string) => Object.assign(new Error(text), { responseCode: code });

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onRcptTo(address, _session, callback) {
    if (address.address.startsWith('busy@')) return callback(refusal(451, '4.2.1 Mailbox busy, try again later'));
    if (address.address.startsWith('nobody@')) return callback(refusal(550, '5.1.1 No such mailbox here'));
    callback();
  },
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      received.push({
        raw: Buffer.concat(chunks),
        rcpt: session.envelope.rcptTo.map((r) => r.address),
        from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
      });
      callback();
    });
  },
});

let mailer: ReturnType<typeof smtpMailer>;
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  mailer = smtpMailer({ host: '127.0.0.1', port: (server.server.address() as AddressInfo).port, timeoutMs: 5_000 });
});
afterAll(async () => {
  mailer.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const renderer = createRenderer();
const sender = { name: 'Atelier Lumen\r\nBcc: victim@example.com', email: 'claire@atelier-lumen.fr' };

async function hostileReminder(to: string) {
  const model = sampleReminderModel({ template: 'firm', invoiceCount: 1, customerName: '<script>alert(1)</script>' });
  const invoices = model.invoices.map((i) => ({ ...i, number: 'F-7\r\nBcc: victim@example.com' }));
  const rendered = await renderer.render({ ...model, invoices });
  return {
    model,
    email: reminderEmail({
      reminderId: 'r-3',
      domain: 'relay.relance.app',
      sender,
      via: { kind: 'relay', address: 'reminders@relay.relance.app' },
      to: [{ name: 'Dupont\r\nCc: x@example.com', address: to }],
      rendered,
      earlierReminderIds: ['r-1', 'r-2'],
    }),
  };
}

describe('smtpMailer against a real SMTP server', () => {
  it('delivers one message whose headers no CRLF in a name or subject could extend', async () => {
    const { model, email } = await hostileReminder('compta@dupont.fr');
    const before = received.length;
    const result = await mailer.send(email);
    expect(result.response).toMatch(/^250/);
    expect(received.length).toBe(before + 1);
    const got = received.at(-1)!;
    expect(got.rcpt).toEqual(['compta@dupont.fr']);
    expect(got.from).toBe('reminders@relay.relance.app');

    const parsed = await simpleParser(got.raw);
    const headerNames = parsed.headerLines.map((h) => h.key);
    expect(headerNames).not.toContain('bcc');
    expect(headerNames).not.toContain('cc');
    expect(parsed.from?.value).toEqual([{ name: 'Atelier Lumen Bcc: victim@example.com', address: 'reminders@relay.relance.app' }]);
    expect(parsed.replyTo?.value).toEqual([{ name: 'Atelier Lumen Bcc: victim@example.com', address: 'claire@atelier-lumen.fr' }]);
    expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.value.map((a) => a.address) : null).toEqual(['compta@dupont.fr']);
    expect(parsed.subject).toBe('Second reminder: invoice F-7 Bcc: victim@example.com, 10 days overdue');
    expect(parsed.messageId).toBe('<reminder-r-3@relay.relance.app>');
    expect(parsed.inReplyTo).toBe('<reminder-r-2@relay.relance.app>');
    expect(parsed.references).toEqual(['<reminder-r-1@relay.relance.app>', '<reminder-r-2@relay.relance.app>']);
    expect(parsed.headers.get('x-relance-reminder')).toBe('r-3');

    const html = String(parsed.html);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
    for (const url of [model.paymentUrl, ...Object.values(model.answerUrls)]) {
      expect(html).toContain(`href="${url}"`);
      expect(parsed.text).toContain(url);
    }
  });

  it('maps a 4xx answer to a retryable MailError carrying the server reason', async () => {
    const { email } = await hostileReminder('busy@dupont.fr');
    const error = await mailer.send(email).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MailError);
    expect((error as MailError).permanent).toBe(false);
    expect((error as MailError).message).toMatch(/451.*Mailbox busy, try again later/);
  });

  it('maps a 5xx answer to a permanent MailError carrying the server reason', async () => {
    const { email } = await hostileReminder('nobody@dupont.fr');
    const error = await mailer.send(email).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MailError);
    expect((error as MailError).permanent).toBe(true);
    expect((error as MailError).message).toMatch(/550.*No such mailbox here/);
  });

  it('refuses an address carrying a line break before anything reaches the server', async () => {
    const { email } = await hostileReminder('compta@dupont.fr');
    const before = received.length;
    const error = await mailer
      .send({ ...email, to: [{ address: 'compta@dupont.fr\r\nBcc: victim@example.com' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MailError);
    expect((error as MailError).permanent).toBe(true);
    expect(received.length).toBe(before);
  });

  it('treats a server that cannot be reached as retryable', async () => {
    const closed = smtpMailer({ host: '127.0.0.1', port: 1, timeoutMs: 2_000 });
    const { email } = await hostileReminder('compta@dupont.fr');
    const error = await closed.send(email).catch((e: unknown) => e);
    closed.close();
    expect(error).toBeInstanceOf(MailError);
    expect((error as MailError).permanent).toBe(false);
  });
});

/**
 * The owner's own server: relance resolves its name itself, checks every address, and connects to the address it
 * checked. A TLS server on this machine stands in for the owner's, reached under a name no resolver knows (.test).
 */
describe("an owner's own server: only public addresses, the one that was checked", () => {
  const names: string[] = [];
  let connections = 0;
  const tlsServer = new SMTPServer({
    secure: true,
    authOptional: true,
    logger: false,
    SNICallback(servername, callback) {
      names.push(servername);
      callback(null, undefined);
    },
    onConnect(_session, callback) {
      connections++;
      callback();
    },
    onData(stream, _session, callback) {
      stream.resume();
      stream.on('end', () => callback());
    },
  });
  let tlsPort: number;
  beforeAll(async () => {
    await new Promise<void>((resolve) => tlsServer.listen(0, '127.0.0.1', resolve));
    tlsPort = (tlsServer.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => tlsServer.close(() => resolve()));
  });

  const answering = (...addresses: string[]) => {
    const asked: string[] = [];
    const lookup: LookupAll = async (host) => {
      asked.push(host);
      return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    };
    return { asked, lookup };
  };

  it.each([
    [['203.0.113.7', '127.0.0.1'], '127.0.0.1, a loopback address (this machine)'],
    [['10.20.30.40'], '10.20.30.40, a private network address'],
    [['::ffff:192.168.0.1'], '::ffff:192.168.0.1, a private network address'],
    [['169.254.169.254'], '169.254.169.254, a link-local address'],
    [['fd00::25'], 'fd00::25, a private network address'],
  ])('refuses a name resolving to %j without connecting: the owner reads one sentence, the log why', async (addresses, why) => {
    const { asked, lookup } = answering(...addresses);
    const logged: object[] = [];
    const mailer = ownSmtpMailer({
      host: 'smtp.owner.test',
      port: tlsPort,
      secure: true,
      auth: { user: 'u', pass: 'p' },
      lookup,
      log: (detail) => logged.push(detail),
    });
    const before = connections;
    const { email } = await hostileReminder('compta@dupont.fr');
    const error = await mailer.send(email).catch((e: unknown) => e);
    mailer.close();
    expect(error).toBeInstanceOf(MailError);
    expect((error as MailError).message).toBe(OWN_SMTP_FAILED);
    expect((error as MailError).permanent).toBe(true);
    expect(asked).toEqual(['smtp.owner.test']);
    expect(connections).toBe(before);
    expect(logged).toEqual([expect.objectContaining({ host: 'smtp.owner.test', err: expect.stringContaining(`resolves to ${why}`) })]);
  });

  it('refuses a local address given as the host itself, without asking DNS', async () => {
    const { asked, lookup } = answering('203.0.113.7');
    const mailer = ownSmtpMailer({
      host: '127.0.0.1',
      port: tlsPort,
      secure: true,
      auth: { user: 'u', pass: 'p' },
      lookup,
      log: () => {},
    });
    const before = connections;
    const error = await mailer.send((await hostileReminder('compta@dupont.fr')).email).catch((e: unknown) => e);
    mailer.close();
    expect((error as MailError).message).toBe(OWN_SMTP_FAILED);
    expect(asked).toEqual([]);
    expect(connections).toBe(before);
  });

  it('connects to the address it checked, once resolved per connection, with the host name as the TLS server name', async () => {
    // the check here lets 127.0.0.1 through (it is the test server); whatever else DNS might say later is never asked
    const { asked, lookup } = answering('127.0.0.1');
    const mailer = smtpMailer({
      host: 'smtp.owner.test',
      port: tlsPort,
      secure: true,
      allowSelfSigned: true,
      pool: 0,
      timeoutMs: 5_000,
      addressCheck: { refuse: (address) => (address === '127.0.0.1' ? null : 'not the test server'), lookup },
    });
    const namesBefore = names.length;
    const result = await mailer.send((await hostileReminder('compta@dupont.fr')).email);
    mailer.close();
    expect(result.response).toMatch(/^250/);
    // nodemailer did not resolve smtp.owner.test itself (no resolver knows .test): it used the socket handed to it
    expect(asked).toEqual(['smtp.owner.test']);
    expect(names.slice(namesBefore)).toEqual(['smtp.owner.test']);
  });
});

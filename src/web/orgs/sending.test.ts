import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { orgMailers } from '../../main/runtime.ts';
import { OWN_SMTP_FAILED } from '../../mail/transports/own-smtp.ts';
import { smtpMailer } from '../../mail/transports/smtp.ts';
import { openPglite, type OpenedStore } from '../../../test/support/stores.ts';
import { RELAY, SECRET_BOX, webKit } from '../../../test/web/kit.ts';
import { formValuesOf } from './settings-form.ts';

/** A real SMTP peer: it checks the login it is given and keeps what it receives with the envelope. */
const ACCOUNT = { user: 'claire@atelier-dupont.example', pass: 'Tr0ub4dor&3 secret' };
type Received = { from: string; rcpt: string[]; user: string | null; raw: Buffer };
const received: Received[] = [];
const server = new SMTPServer({
  authOptional: true,
  allowInsecureAuth: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onAuth(auth, _session, callback) {
    if (auth.username === ACCOUNT.user && auth.password === ACCOUNT.pass) return callback(null, { user: auth.username });
    callback(new Error('535 5.7.8 Authentication credentials invalid'));
  },
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      received.push({
        raw: Buffer.concat(chunks),
        rcpt: session.envelope.rcptTo.map((r) => r.address),
        from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
        user: (session.user as string | undefined) ?? null,
      });
      callback();
    });
  },
});

let opened: OpenedStore;
let port: number;
let platform: ReturnType<typeof smtpMailer>;
const mailers: { close(): void }[] = [];
beforeAll(async () => {
  opened = await openPglite();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.server.address() as AddressInfo).port;
  platform = smtpMailer({ host: '127.0.0.1', port, timeoutMs: 5_000, pool: 0 });
});
afterAll(async () => {
  for (const m of mailers) m.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await opened?.close();
});

/**
 * The web app with the runtime's own mailer factory: own SMTP when set, the platform relay otherwise. The SMTP server
 * of these tests is on 127.0.0.1, which only the demo may use: they opt in, as src/main does for the demo. `production`
 * wires the defaults, which refuse it.
 */
async function setup({ allowPrivateHosts = true } = {}) {
  const k = webKit(opened.store, undefined, { allowPrivateSmtpHosts: allowPrivateHosts });
  const factory = orgMailers(SECRET_BOX, platform, {
    allowPrivateHosts,
    log: (detail) => k.deps.log.warn(detail, 'own SMTP server failed'),
  });
  mailers.push({ close: () => factory.close() });
  k.deps.mailer = factory.mailerOf;
  const { org, invoiceId } = await k.seededOrg({ name: 'Atelier Dupont', locale: 'en' });
  const session = await k.signIn(org.id);
  return { k, org, invoiceId, ...session, form: { ...formValuesOf(org), _csrf: session.csrf } };
}

const own = (overrides: Record<string, string> = {}) => ({
  'sending.mode': 'own-smtp',
  'smtp.host': '127.0.0.1',
  'smtp.port': '0',
  'smtp.user': ACCOUNT.user,
  'smtp.password': ACCOUNT.pass,
  ...overrides,
});

function errorNextTo(html: string, field: string): string | null {
  const block = new RegExp(`data-field="${field.replace(/\./g, '\\.')}">(?:(?!data-field=).)*?<p class="error"[^>]*>([^<]*)</p>`, 's').exec(
    html,
  );
  return block
    ? block[1]!
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&amp;/g, '&')
    : null;
}

describe('own SMTP in settings', () => {
  it('stores the password sealed, never shows it or logs it, and keeps it when the field is left blank', async () => {
    const { k, org, cookie, form } = await setup();
    const res = await k.post(`/orgs/${org.id}/settings`, { ...form, ...own({ 'smtp.port': String(port) }) }, cookie);
    expect(res.status).toBe(303);

    const row = await sql<{ smtp: Record<string, unknown> }>`select smtp from organisations where id = ${org.id}`.execute(
      opened.database.db,
    );
    const stored = JSON.stringify(row.rows[0]!.smtp);
    expect(stored).not.toContain(ACCOUNT.pass);
    const saved = (await opened.store.getOrganisation(org.id))!.smtp!;
    expect(saved).toMatchObject({ host: '127.0.0.1', port, secure: false, user: ACCOUNT.user });
    expect(SECRET_BOX.open(saved.passwordSealed, org.id)).toBe(ACCOUNT.pass);
    expect(() => SECRET_BOX.open(saved.passwordSealed, 'another-org')).toThrow();

    const page = await (await k.app.request(`/orgs/${org.id}/settings`, { headers: { cookie } })).text();
    expect(page).not.toContain(ACCOUNT.pass);
    expect(page).not.toContain(saved.passwordSealed);
    expect(page).toContain('placeholder="•••• (saved)"');
    expect(page).toMatch(/value="own-smtp" checked/);

    // a rejected form with the password typed in does not echo it either
    const refused = await k.post(`/orgs/${org.id}/settings`, { ...form, ...own({ 'smtp.port': 'abc' }) }, cookie);
    expect(refused.status).toBe(400);
    expect(await refused.text()).not.toContain(ACCOUNT.pass);

    // saving other settings with the password left blank keeps it (and the cached transport)
    expect(
      (
        await k.post(
          `/orgs/${org.id}/settings`,
          { ...form, ...own({ 'smtp.port': String(port), 'smtp.password': '' }), 'sender.name': 'Atelier D.' },
          cookie,
        )
      ).status,
    ).toBe(303);
    const after = (await opened.store.getOrganisation(org.id))!;
    expect(after.sender.name).toBe('Atelier D.');
    expect(after.smtp).toEqual(saved);
    expect(JSON.stringify(k.logs)).not.toContain(ACCOUNT.pass);
  });

  it('asks for the password again before sending it to another server', async () => {
    const { k, org, cookie, form } = await setup();
    await k.post(`/orgs/${org.id}/settings`, { ...form, ...own({ 'smtp.port': String(port) }) }, cookie);
    const res = await k.post(
      `/orgs/${org.id}/settings`,
      { ...form, ...own({ 'smtp.host': 'smtp.attacker.example', 'smtp.port': String(port), 'smtp.password': '' }) },
      cookie,
    );
    expect(res.status).toBe(400);
    expect(errorNextTo(await res.text(), 'smtp.password')).toMatch(/only ever sent to the server it was saved for/);
    expect((await opened.store.getOrganisation(org.id))!.smtp!.host).toBe('127.0.0.1');
  });

  it.each([
    ['smtp.port', '70000', 'a port number from 1 to 65535'],
    ['smtp.port', '0', 'a port number from 1 to 65535'],
    ['smtp.port', 'smtp', 'a port number from 1 to 65535'],
    ['smtp.host', 'mail server.example', 'a server name like smtp.example.com'],
    ['smtp.user', '', 'enter the user name your mail server expects'],
  ])('refuses %s = "%s" next to the field and saves nothing', async (field, value, message) => {
    const { k, org, cookie, form } = await setup();
    const res = await k.post(`/orgs/${org.id}/settings`, { ...form, ...own({ 'smtp.port': '587', [field]: value }) }, cookie);
    expect(res.status).toBe(400);
    expect(errorNextTo(await res.text(), field)).toBe(message);
    expect((await opened.store.getOrganisation(org.id))!.smtp ?? null).toBeNull();
  });

  it('goes back to the platform relay, forgetting the server', async () => {
    const { k, org, cookie, form } = await setup();
    await k.post(`/orgs/${org.id}/settings`, { ...form, ...own({ 'smtp.port': String(port) }) }, cookie);
    expect((await k.post(`/orgs/${org.id}/settings`, { ...form, 'sending.mode': 'relay' }, cookie)).status).toBe(303);
    expect((await opened.store.getOrganisation(org.id))!.smtp).toBeNull();
  });
});

describe('own SMTP on a private or local address', () => {
  it.each([
    ['127.0.0.1', 'a loopback address (this machine)'],
    ['localhost', 'a loopback address (this machine)'],
    ['127.1', 'a loopback address (this machine)'],
    ['2130706433', 'a loopback address (this machine)'],
    ['[::1]', 'a loopback address (this machine)'],
    ['[::ffff:127.0.0.1]', 'a loopback address (this machine)'],
    ['10.1.2.3', 'a private network address'],
    ['172.20.0.5', 'a private network address'],
    ['192.168.1.10', 'a private network address'],
    ['[fd12:3456::1]', 'a private network address'],
    ['[::ffff:192.168.1.10]', 'a private network address'],
    ['169.254.169.254', 'a link-local address'],
    ['[fe80::1]', 'a link-local address'],
    ['0.0.0.0', 'an unspecified address'],
    ['[::]', 'an unspecified address'],
    ['100.64.0.1', 'a shared (carrier-grade NAT) address'],
    ['224.0.0.251', 'a multicast address'],
  ])('refuses the host %s next to the field, saying what is wrong and what to do, and saves nothing', async (host, what) => {
    const { k, org, cookie, form } = await setup({ allowPrivateHosts: false });
    const res = await k.post(`/orgs/${org.id}/settings`, { ...form, ...own({ 'smtp.host': host, 'smtp.port': '587' }) }, cookie);
    expect(res.status).toBe(400);
    expect(errorNextTo(await res.text(), 'smtp.host')).toBe(
      `${host} is ${what}: a private or local address cannot be used; give your mail provider's public server name, like smtp.example.com`,
    );
    expect((await opened.store.getOrganisation(org.id))!.smtp ?? null).toBeNull();
  });

  it("takes a public server's name", async () => {
    const { k, org, cookie, form } = await setup({ allowPrivateHosts: false });
    const res = await k.post(
      `/orgs/${org.id}/settings`,
      { ...form, ...own({ 'smtp.host': 'smtp.example.com', 'smtp.port': '587' }) },
      cookie,
    );
    expect(res.status).toBe(303);
    expect((await opened.store.getOrganisation(org.id))!.smtp).toMatchObject({ host: 'smtp.example.com', port: 587 });
  });

  it('never connects to a local address saved before the check (the test email), and tells the owner one sentence', async () => {
    const { k, org, csrf, cookie } = await setup({ allowPrivateHosts: false });
    // as if saved before this check existed: a working server on this machine, the right password
    await opened.store.updateOrganisation(org.id, {
      smtp: {
        host: '127.0.0.1',
        port,
        secure: false,
        user: ACCOUNT.user,
        passwordSealed: SECRET_BOX.seal(ACCOUNT.pass, org.id),
        updatedAt: '2026-03-01T00:00:00Z',
      },
    });
    let connections = 0;
    const count = () => connections++;
    server.server.on('connection', count);
    try {
      const res = await k.post(`/orgs/${org.id}/test-email`, { _csrf: csrf }, cookie);
      expect(res.status).toBe(502);
      const page = await res.text();
      expect(page).toContain(`The test could not be sent: ${OWN_SMTP_FAILED}`);
      expect(page).not.toMatch(/refusing|loopback/);
      expect(connections).toBe(0);
      expect(JSON.stringify(k.logs)).toContain(
        'refusing to connect to 127.0.0.1: it resolves to 127.0.0.1, a loopback address (this machine)',
      );
    } finally {
      server.server.off('connection', count);
    }
  });
});

describe('send me a test', () => {
  async function lastMail() {
    const got = received.at(-1)!;
    return { got, parsed: await simpleParser(got.raw) };
  }

  it('goes through the relay From the business name at the relay address, Reply-To the owner', async () => {
    const { k, org, csrf, cookie } = await setup();
    const before = received.length;
    const res = await k.post(`/orgs/${org.id}/test-email`, { _csrf: csrf }, cookie);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/orgs/${org.id}/settings?done=test-sent`);
    expect(received.length).toBe(before + 1);
    const { got, parsed } = await lastMail();
    expect(got.user).toBeNull();
    expect(got.from).toBe(RELAY.address);
    expect(got.rcpt).toEqual(['compta@atelier-dupont.example']);
    expect(parsed.from?.value).toEqual([{ name: 'Atelier Dupont', address: RELAY.address }]);
    expect(parsed.replyTo?.value).toEqual([{ name: 'Atelier Dupont', address: 'compta@atelier-dupont.example' }]);
    expect(parsed.subject).toMatch(/^\[Test\] /);
    expect(parsed.messageId).toMatch(/@relay\.relance\.test>$/);
    const page = await (await k.app.request(`/orgs/${org.id}/settings?done=test-sent`, { headers: { cookie } })).text();
    expect(page).toContain('Test sent');
  });

  it("goes through the owner's own server, logged in, From the owner", async () => {
    const { k, org, csrf, cookie, form } = await setup();
    await k.post(`/orgs/${org.id}/settings`, { ...form, ...own({ 'smtp.port': String(port) }) }, cookie);
    const before = received.length;
    expect((await k.post(`/orgs/${org.id}/test-email`, { _csrf: csrf }, cookie)).status).toBe(303);
    expect(received.length).toBe(before + 1);
    const { got, parsed } = await lastMail();
    expect(got.user).toBe(ACCOUNT.user);
    expect(got.from).toBe('compta@atelier-dupont.example');
    expect(parsed.from?.value).toEqual([{ name: 'Atelier Dupont', address: 'compta@atelier-dupont.example' }]);
    expect(parsed.messageId).toMatch(/@atelier-dupont\.example>$/);
    expect(parsed.headers.get('x-relance-test')).toBe('yes');

    // a settings change takes effect at once: the cached transport with the old password is not reused
    await k.post(
      `/orgs/${org.id}/settings`,
      { ...form, ...own({ 'smtp.port': String(port), 'smtp.password': 'changed-and-wrong' }) },
      cookie,
    );
    k.clock.set('2026-03-04T09:01:00Z');
    expect((await k.post(`/orgs/${org.id}/test-email`, { _csrf: csrf }, cookie)).status).toBe(502);
  });

  it('tells the owner the reply code of their server (a wrong password: 535), not its words; the log keeps them', async () => {
    const { k, org, csrf, cookie, form } = await setup();
    await k.post(`/orgs/${org.id}/settings`, { ...form, ...own({ 'smtp.port': String(port), 'smtp.password': 'wrong' }) }, cookie);
    const res = await k.post(`/orgs/${org.id}/test-email`, { _csrf: csrf }, cookie);
    expect(res.status).toBe(502);
    const page = await res.text();
    expect(page).toContain('The test could not be sent: your mail server answered 535 and did not take the message');
    expect(page).not.toMatch(/Authentication credentials invalid|Invalid login/);
    expect(JSON.stringify(k.logs)).toMatch(/Authentication credentials invalid|Invalid login/);
    expect(JSON.stringify(k.logs)).not.toContain('wrong');
  });

  it('says the same when nothing answers at the server address: no ECONNREFUSED to tell a closed port from an open one', async () => {
    const { k, org, csrf, cookie, form } = await setup();
    const closed = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    await k.post(`/orgs/${org.id}/settings`, { ...form, ...own({ 'smtp.port': String(closed) }) }, cookie);
    const res = await k.post(`/orgs/${org.id}/test-email`, { _csrf: csrf }, cookie);
    expect(res.status).toBe(502);
    const page = await res.text();
    expect(page).toContain(OWN_SMTP_FAILED);
    expect(page).not.toContain('ECONNREFUSED');
    expect(k.logs).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        obj: expect.objectContaining({ orgId: org.id, err: expect.stringContaining('ECONNREFUSED') }),
      }),
    );
  });

  it('allows one test per 30 seconds per organisation, and needs the CSRF token', async () => {
    const { k, org, csrf, cookie } = await setup();
    expect((await k.post(`/orgs/${org.id}/test-email`, {}, cookie)).status).toBe(403);
    const before = received.length;
    expect((await k.post(`/orgs/${org.id}/test-email`, { _csrf: csrf }, cookie)).status).toBe(303);
    k.clock.set('2026-03-04T09:00:20Z');
    const again = await k.post(`/orgs/${org.id}/test-email`, { _csrf: csrf }, cookie);
    expect(again.status).toBe(429);
    expect(await again.text()).toContain('wait 10 s');
    expect(received.length).toBe(before + 1);
    k.clock.set('2026-03-04T09:00:31Z');
    expect((await k.post(`/orgs/${org.id}/test-email`, { _csrf: csrf }, cookie)).status).toBe(303);
    expect(received.length).toBe(before + 2);
  });
});

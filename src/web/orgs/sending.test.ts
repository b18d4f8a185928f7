import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { orgMailers } from '../../main/runtime.ts';
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

/** The web app with the runtime's own mailer factory: own SMTP when set, the platform relay otherwise. */
async function setup() {
  const k = webKit(opened.store);
  const factory = orgMailers(SECRET_BOX, platform);
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

  it("shows the server's refusal on the settings page (a wrong password)", async () => {
    const { k, org, csrf, cookie, form } = await setup();
    await k.post(`/orgs/${org.id}/settings`, { ...form, ...own({ 'smtp.port': String(port), 'smtp.password': 'wrong' }) }, cookie);
    const res = await k.post(`/orgs/${org.id}/test-email`, { _csrf: csrf }, cookie);
    expect(res.status).toBe(502);
    const page = await res.text();
    expect(page).toContain('The test could not be sent');
    expect(page).toMatch(/Authentication credentials invalid|Invalid login/);
  });

  it('shows why when nothing answers at the server address', async () => {
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
    expect(await res.text()).toContain('ECONNREFUSED');
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

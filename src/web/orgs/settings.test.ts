import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite, type OpenedStore } from '../../../test/support/stores.ts';
import { webKit } from '../../../test/web/kit.ts';
import { createRenderer } from '../../mail/render.ts';
import { sampleReminderModel } from '../../mail/sample.ts';
import { formValuesOf, readSettings } from './settings-form.ts';

let opened: OpenedStore;
beforeAll(async () => {
  opened = await openPglite();
});
afterAll(() => opened?.close());

/** What the error paragraph next to a field says, read from the page the way a user reads it. */
function errorNextTo(html: string, field: string): string | null {
  const block = new RegExp(`data-field="${field.replace(/\./g, '\\.')}">(?:(?!data-field=).)*?<p class="error"[^>]*>([^<]*)</p>`, 's').exec(
    html,
  );
  return block
    ? block[1]!
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&amp;/g, '&')
    : null;
}

/** An English-speaking organisation (the fixture's is French): the page speaks the organisation's language. */
async function setup(overrides: Parameters<ReturnType<typeof webKit>['seededOrg']>[0] = {}) {
  const k = webKit(opened.store);
  const { org, invoiceId } = await k.seededOrg({ locale: 'en', ...overrides });
  const session = await k.signIn(org.id);
  const form = { ...formValuesOf(org), _csrf: session.csrf };
  return { k, org, invoiceId, ...session, form };
}

describe('settings page', () => {
  it('shows the saved steps and settings', async () => {
    const { k, org, cookie } = await setup();
    const html = await (await k.app.request(`/orgs/${org.id}/settings`, { headers: { cookie } })).text();
    expect(html).toContain('name="steps.1.offsetDays" id="steps.1.offsetDays" type="text" value="1"');
    expect(html).toContain('value="compta@atelier-dupont.example"');
    expect(html).toMatch(/name="steps\.6\.key"/); // a blank row to add a step
  });

  it("offers the ledger's own accounts to book charges to, and saves the one picked", async () => {
    const { k, org, cookie, form } = await setup();
    k.ledger.targets = [
      { id: '706', name: '706 Prestations de services' },
      { id: '7588', name: '7588 Produits divers' },
    ];
    const html = await (await k.app.request(`/orgs/${org.id}/settings`, { headers: { cookie } })).text();
    expect(html).toContain('<label for="charges.bookTo">Income account for charges</label>');
    expect(html).toContain('<option value="7588">7588 Produits divers</option>');
    const res = await k.post(`/orgs/${org.id}/settings`, { ...form, 'charges.bookTo': '7588' }, cookie);
    expect(res.status).toBe(303);
    expect((await opened.store.getOrganisation(org.id))!.policy.default.charges.bookTo).toBe('7588');
  });

  it('asks for a service item where the ledger books charges to items, says when lines are impossible, and takes a typed id when the ledger cannot be asked', async () => {
    const { k, org, cookie } = await setup();
    k.ledger.writes = { ...k.ledger.writes, chargesBookedTo: 'item', chargesAsLine: false };
    k.ledger.chargeTargets = async () => {
      throw new Error('ledger down');
    };
    const html = await (await k.app.request(`/orgs/${org.id}/settings`, { headers: { cookie } })).text();
    expect(html).toContain('Service item for charges (item id)');
    expect(html).toContain('id="charges.bookTo" name="charges.bookTo" type="text"');
    expect(html).toContain('cannot add lines to an existing invoice');
  });

  it('shows the statutory rate in force with its source, and warns when the rate table has run out', async () => {
    const { k, org, cookie } = await setup();
    k.clock.set('2025-03-31T10:00:00Z');
    const now = await (await k.app.request(`/orgs/${org.id}/settings`, { headers: { cookie } })).text();
    expect(now).toContain('Statutory rate now (FR): 13.15 % a year');
    expect(now).not.toContain('rate table has no row');
    k.clock.set('2027-01-15T10:00:00Z');
    const later = await (await k.app.request(`/orgs/${org.id}/settings`, { headers: { cookie } })).text();
    expect(later).toContain('The rate table has no row after 2026-06-30');
  });

  it("saves a step's new offset and tone, and recomputes the invoices' next dates", async () => {
    const { k, org, invoiceId, cookie, form } = await setup();
    expect((await opened.store.invoicesById(org.id, [invoiceId]))[0]!.nextActionOn).not.toBe('2026-03-05');
    const res = await k.post(
      `/orgs/${org.id}/settings`,
      { ...form, 'steps.0.offsetDays': '2', 'steps.1.offsetDays': '5', 'steps.1.tone': 'firm', 'sender.name': 'Atelier D.' },
      cookie,
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/orgs/${org.id}/settings?done=saved`);
    const saved = (await opened.store.getOrganisation(org.id))!;
    expect(saved.policy.default.steps[1]).toMatchObject({ key: 'friendly', offsetDays: 5, tone: 'firm' });
    expect(saved.policy.default.steps).toHaveLength(6);
    expect(saved.sender.name).toBe('Atelier D.');
    // the first step now falls 2 days after the due date of 3 March
    expect((await opened.store.invoicesById(org.id, [invoiceId]))[0]!.nextActionOn).toBe('2026-03-05');
    const page = await (await k.app.request(`/orgs/${org.id}/settings?done=saved`, { headers: { cookie } })).text();
    expect(page).toContain('Settings saved');
    expect(page).toContain('name="steps.1.offsetDays" id="steps.1.offsetDays" type="text" value="5"');
  });

  it('refuses a bad setting with its message next to the field, and saves nothing of the form', async () => {
    const { k, org, cookie, form } = await setup();
    // the browser also posts the blank "add a step" row
    const res = await k.post(
      `/orgs/${org.id}/settings`,
      {
        ...form,
        'steps.2.offsetDays': 'ten',
        'sender.name': 'Should not be saved',
        'steps.6.key': '',
        'steps.6.offsetDays': '',
        'steps.6.tone': 'firm',
      },
      cookie,
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(errorNextTo(html, 'steps.2.offsetDays')).toBe('"ten" is not a whole number');
    expect(html).toContain('Nothing was saved');
    expect(html).toContain('value="ten"'); // what the user typed stays for them to fix
    expect(html.match(/<tr data-step=/g)).toHaveLength(7); // six steps and one blank row, not two
    expect(html.match(/class="muted">new</g)).toHaveLength(1);
    const after = (await opened.store.getOrganisation(org.id))!;
    expect(after.sender.name).toBe(org.sender.name);
    expect(after.policy).toEqual(org.policy);
  });

  it.each([
    ['steps.1.offsetDays', '500', 'must be at most 365'],
    ['steps.2.offsetDays', '0', 'steps must be in order of days: "firm" (0) comes after "friendly" (1)'],
    ['steps.0.key', 'Courtesy Step', 'a step key is 1-40 lowercase letters, digits or dashes'],
    ['sendWindow.endHour', '8', 'the send window must start before it ends'],
    ['sender.email', 'not-an-address', 'enter the address replies should go to, like compta@example.com'],
    ['branding.logoUrl', 'http://insecure.example/logo.png', 'a logo address starts with https://'],
    ['branding.colour', 'blue', 'a colour like #1f6feb'],
    ['charges.contractRatePercent', '120', 'must be at most 100'],
  ])('puts the message for %s = %s next to the field', async (field, value, message) => {
    const { k, org, cookie, form } = await setup();
    const res = await k.post(`/orgs/${org.id}/settings`, { ...form, [field]: value }, cookie);
    expect(res.status).toBe(400);
    expect(errorNextTo(await res.text(), field)).toBe(message);
  });

  it.each([
    [
      'a double quote',
      'https://cdn.example.com/logo".png',
      'a logo address cannot contain ": write it as %22, or copy the address of the image again, like https://example.com/logo.png',
    ],
    [
      'a single quote',
      "https://cdn.example.com/logo'.png",
      "a logo address cannot contain ': write it as %27, or copy the address of the image again, like https://example.com/logo.png",
    ],
    [
      'angle brackets',
      'https://cdn.example.com/<logo>.png',
      'a logo address cannot contain <: write it as %3C, or copy the address of the image again, like https://example.com/logo.png',
    ],
    [
      'a space',
      'https://cdn.example.com/my logo.png',
      'a logo address cannot contain spaces, line breaks or other invisible characters: copy the address of the image again, like https://example.com/logo.png',
    ],
    [
      'a control character',
      'https://cdn.example.com/logo\u0007.png',
      'a logo address cannot contain spaces, line breaks or other invisible characters: copy the address of the image again, like https://example.com/logo.png',
    ],
    [
      '2028 characters',
      `https://cdn.example.com/${'a'.repeat(2000)}.png`,
      'at most 2000 characters (this one has 2028): use a shorter address for the image',
    ],
    ['no host', 'https://', 'this is not a web address: copy the address of the image again, like https://example.com/logo.png'],
    ['no scheme', 'logo.png', 'a logo address starts with https://'],
  ])('refuses a logo address with %s next to the logo field, and keeps everything else as typed', async (_what, logo, message) => {
    const { k, org, cookie, form } = await setup();
    const typed = {
      'branding.logoUrl': logo,
      'sender.name': 'Atelier D. (new name)',
      'branding.colour': '#0a7f3f',
      'branding.signature': 'Claire, pour Atelier Dupont',
      'steps.1.offsetDays': '4',
    };
    const res = await k.post(`/orgs/${org.id}/settings`, { ...form, ...typed }, cookie);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(errorNextTo(html, 'branding.logoUrl')).toBe(message);
    expect(errorNextTo(html, 'sender.name')).toBeNull();
    expect(html).toContain('value="Atelier D. (new name)"');
    expect(html).toContain('value="#0a7f3f"');
    expect(html).toContain('>Claire, pour Atelier Dupont</textarea>');
    expect(html).toContain('name="steps.1.offsetDays" id="steps.1.offsetDays" type="text" value="4"');
    const after = (await opened.store.getOrganisation(org.id))!;
    expect(after.branding).toEqual(org.branding);
    expect(after.sender).toEqual(org.sender);
  });

  it('saves a logo address the emails can show, and shows it in the emails', async () => {
    const { k, org, cookie, form } = await setup();
    const logo = 'https://cdn.example.com/atelier/logo.png?v=2&size=160';
    expect((await k.post(`/orgs/${org.id}/settings`, { ...form, 'branding.logoUrl': logo }, cookie)).status).toBe(303);
    const saved = (await opened.store.getOrganisation(org.id))!;
    expect(saved.branding.logoUrl).toBe(logo);
    const rendered = await createRenderer().render(
      sampleReminderModel({ template: 'firm', tone: 'neutral', locale: 'en', branding: saved.branding, businessName: saved.name }),
    );
    expect(rendered.html).toContain('src="https://cdn.example.com/atelier/logo.png?v=2&amp;size=160"');
  });

  it('refuses a French contract rate under the legal floor, naming both rates, and takes one above it', async () => {
    const { k, org, cookie, form } = await setup();
    const res = await k.post(`/orgs/${org.id}/settings`, { ...form, 'charges.contractRatePercent': '5' }, cookie);
    expect(res.status).toBe(400);
    // 4 March 2026: the legal rate of the first half of 2026 is 2.62 %, so the floor is 7.86 %
    expect(errorNextTo(await res.text(), 'charges.contractRatePercent')).toMatch(
      /^5% is under the French legal floor of 7\.86% \(3 × the legal rate of 2\.62%/,
    );
    expect((await opened.store.getOrganisation(org.id))!.policy.default.charges.contractRatePercent).toBeNull();
    expect((await k.post(`/orgs/${org.id}/settings`, { ...form, 'charges.contractRatePercent': '9' }, cookie)).status).toBe(303);
    expect((await opened.store.getOrganisation(org.id))!.policy.default.charges.contractRatePercent).toBe(9);
  });

  it('applies no French floor to an organisation outside France', async () => {
    const k = webKit(opened.store);
    const { org } = await k.seededOrg({ countryCode: 'GB' });
    const { cookie, csrf } = await k.signIn(org.id);
    expect(
      (await k.post(`/orgs/${org.id}/settings`, { ...formValuesOf(org), _csrf: csrf, 'charges.contractRatePercent': '5' }, cookie)).status,
    ).toBe(303);
  });

  it('needs at least one weekday', async () => {
    const { k, org, cookie, form } = await setup();
    const res = await k.post(`/orgs/${org.id}/settings`, { ...form, 'sendWindow.weekdays': [] }, cookie);
    expect(errorNextTo(await res.text(), 'sendWindow.weekdays')).toBe('pick at least one weekday');
  });

  it('adds a step in the blank row and removes one that is ticked', async () => {
    const { k, org, cookie, form } = await setup();
    const res = await k.post(
      `/orgs/${org.id}/settings`,
      {
        ...form,
        'steps.3.remove': 'on',
        'steps.6.key': 'last-call',
        'steps.6.offsetDays': '60',
        'steps.6.template': 'final',
        'steps.6.channel': 'email',
        'steps.6.tone': 'firm',
        'steps.6.charges': 'claim',
      },
      cookie,
    );
    expect(res.status).toBe(303);
    const keys = (await opened.store.getOrganisation(org.id))!.policy.default.steps.map((s) => s.key);
    expect(keys).toEqual(['courtesy', 'friendly', 'firm', 'final', 'formal-notice', 'last-call']);
  });

  it('puts an error in a row after a removed one back on its own row', async () => {
    const { org, form } = await setup();
    const read = readSettings({ ...form, 'steps.0.remove': 'on', 'steps.4.template': 'shouting' }, org);
    expect(read.ok).toBe(false);
    expect(!read.ok && read.errors).toEqual({ 'steps.4.template': 'pick one of: courtesy, friendly, firm, final, formal-notice' });
  });

  it('refuses a POST without the CSRF token (403) and saves nothing', async () => {
    const { k, org, cookie, form } = await setup();
    const { _csrf, ...withoutToken } = form;
    const res = await k.post(`/orgs/${org.id}/settings`, { ...withoutToken, 'sender.name': 'Forged' }, cookie);
    expect(res.status).toBe(403);
    const other = await k.signIn(org.id); // a token of another session does not do either
    expect((await k.post(`/orgs/${org.id}/settings`, { ...form, _csrf: other.csrf, 'sender.name': 'Forged' }, cookie)).status).toBe(403);
    expect((await opened.store.getOrganisation(org.id))!.sender.name).toBe(org.sender.name);
    expect(_csrf).toBeTruthy();
  });

  it('escapes what the owner typed when it shows it again', async () => {
    const { k, org, cookie, form } = await setup();
    await k.post(
      `/orgs/${org.id}/settings`,
      { ...form, 'branding.signature': '</textarea><script>alert(1)</script>', 'sender.name': '"><img src=x onerror=alert(1)>' },
      cookie,
    );
    const html = await (await k.app.request(`/orgs/${org.id}/settings`, { headers: { cookie } })).text();
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite, type OpenedStore } from '../../../test/support/stores.ts';
import { webKit } from '../../../test/web/kit.ts';
import { contact, invoice, page } from '../../../test/fixtures/ledger.ts';
import type { Organisation } from '../../core/organisation.ts';
import type { FormValues } from './form-values.ts';
import { formValuesOf } from './settings-form.ts';

let opened: OpenedStore;
beforeAll(async () => {
  opened = await openPglite();
});
afterAll(() => opened?.close());

const unescapeHtml = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** What the error paragraph next to a field says. */
function errorNextTo(html: string, field: string): string | null {
  const block = new RegExp(`data-field="${field.replace(/\./g, '\\.')}">(?:(?!data-field=).)*?<p class="error"[^>]*>([^<]*)</p>`, 's').exec(
    html,
  );
  return block ? unescapeHtml(block[1]!) : null;
}

async function setup(overrides: Partial<Organisation> = {}) {
  const k = webKit(opened.store);
  const { org, invoiceId } = await k.seededOrg({ locale: 'en', ...overrides });
  const session = await k.signIn(org.id);
  const form: FormValues = { ...formValuesOf(org), _csrf: session.csrf };
  const [invoice] = await opened.store.invoicesById(org.id, [invoiceId]);
  return { k, org, invoiceId, contactId: invoice!.contactId, ...session, form };
}

const saved = async (id: string) => (await opened.store.getOrganisation(id))!;

describe('settings: where the organisation is', () => {
  it('saves a time zone, a language and a country (upper-cased)', async () => {
    const { k, org, cookie, form } = await setup();
    const res = await k.post(
      `/orgs/${org.id}/settings`,
      { ...form, 'place.timeZone': 'America/New_York', 'place.locale': 'fr', 'place.countryCode': 'gb' },
      cookie,
    );
    expect(res.status).toBe(303);
    expect(await saved(org.id)).toMatchObject({ timeZone: 'America/New_York', locale: 'fr', countryCode: 'GB' });
  });

  it.each([
    ['place.timeZone', 'Mars/Olympus', '"Mars/Olympus" is not a time zone: pick one like Europe/Paris'],
    ['place.locale', 'de', 'pick one of: fr, en'],
    ['place.countryCode', 'QQ', '"QQ" is not a country code: two letters, like FR or GB'],
    ['place.countryCode', 'France', '"FRANCE" is not a country code: two letters, like FR or GB'],
  ])('refuses %s = %s next to the field and saves nothing', async (field, value, message) => {
    const { k, org, cookie, form } = await setup();
    const res = await k.post(`/orgs/${org.id}/settings`, { ...form, [field]: value, 'sender.name': 'Not saved' }, cookie);
    expect(res.status).toBe(400);
    expect(errorNextTo(await res.text(), field)).toBe(message);
    const after = await saved(org.id);
    expect(after).toMatchObject({ timeZone: org.timeZone, locale: org.locale, countryCode: org.countryCode });
    expect(after.sender.name).toBe(org.sender.name);
  });

  it('says which values come from the ledger, and what the ledger says of one the owner changed', async () => {
    const { k, org, cookie } = await setup({
      timeZone: 'Europe/Brussels',
      ledgerPlace: { legalName: null, countryCode: 'FR', baseCurrency: 'EUR', timeZone: 'Europe/Paris', language: 'en' },
    });
    const html = await (await k.app.request(`/orgs/${org.id}/settings`, { headers: { cookie } })).text();
    expect(html).toMatch(/data-field="place\.countryCode">(?:(?!data-field=).)*From your ledger\./s);
    expect(html).toMatch(/data-field="place\.timeZone">(?:(?!data-field=).)*Your ledger says Europe\/Paris; you changed it\./s);
  });
});

describe('settings: custom charge terms', () => {
  it('saves the terms when "custom" is picked', async () => {
    const { k, org, cookie, form } = await setup();
    const res = await k.post(
      `/orgs/${org.id}/settings`,
      {
        ...form,
        'charges.regime': 'custom',
        'charges.custom.fixedFee': '40',
        'charges.custom.annualRatePercent': '8.5',
        'charges.custom.graceDays': '5',
        'charges.custom.cap': '250.50',
      },
      cookie,
    );
    expect(res.status).toBe(303);
    expect((await saved(org.id)).policy.default.charges).toMatchObject({
      regime: 'custom',
      custom: {
        fixedFee: '40',
        annualRatePercent: 8.5,
        graceDays: 5,
        cap: '250.50',
        percentOfBalance: null,
        minimumBalance: null,
        repeatEveryDays: null,
      },
    });
  });

  it.each([
    ['charges.custom.fixedFee', '', 'custom terms need a fixed fee, a percentage of the balance or a yearly rate'],
    ['charges.custom.fixedFee', 'forty', '"forty" is not an amount, like 40 or 12.50'],
    ['charges.custom.percentOfBalance', '150', 'must be at most 100'],
    ['charges.custom.graceDays', '-1', 'must be at least 0'],
  ])('refuses %s = "%s" next to the field', async (field, value, message) => {
    const { k, org, cookie, form } = await setup();
    const res = await k.post(`/orgs/${org.id}/settings`, { ...form, 'charges.regime': 'custom', [field]: value }, cookie);
    expect(res.status).toBe(400);
    expect(errorNextTo(await res.text(), field)).toBe(message);
    expect((await saved(org.id)).policy).toEqual(org.policy);
  });

  it('ignores the terms while another regime is picked', async () => {
    const { k, org, cookie, form } = await setup();
    const res = await k.post(`/orgs/${org.id}/settings`, { ...form, 'charges.regime': 'FR', 'charges.custom.fixedFee': 'forty' }, cookie);
    expect(res.status).toBe(303);
    expect((await saved(org.id)).policy.default.charges.custom).toBeNull();
  });
});

describe('settings: repetition, holidays, notifications', () => {
  it('repeats the last step every N days at most M times, and not at all when both are empty', async () => {
    const { k, org, cookie, form } = await setup();
    await k.post(`/orgs/${org.id}/settings`, { ...form, 'repeatLast.everyDays': '14', 'repeatLast.max': '3' }, cookie);
    expect((await saved(org.id)).policy.default.repeatLast).toEqual({ everyDays: 14, max: 3 });
    await k.post(`/orgs/${org.id}/settings`, { ...form, 'repeatLast.everyDays': '', 'repeatLast.max': '' }, cookie);
    expect((await saved(org.id)).policy.default.repeatLast).toBeNull();
  });

  it.each([
    ['repeatLast.max', { 'repeatLast.everyDays': '14', 'repeatLast.max': '' }, 'fill both, or leave both empty for no repetition'],
    ['repeatLast.everyDays', { 'repeatLast.everyDays': '0', 'repeatLast.max': '2' }, 'must be at least 1'],
    ['repeatLast.max', { 'repeatLast.everyDays': '7', 'repeatLast.max': '50' }, 'must be at most 12'],
  ])('refuses a half-said or out-of-range repetition (%s)', async (field, typed, message) => {
    const { k, org, cookie, form } = await setup();
    const res = await k.post(`/orgs/${org.id}/settings`, { ...form, ...typed }, cookie);
    expect(res.status).toBe(400);
    expect(errorNextTo(await res.text(), field)).toBe(message);
    expect((await saved(org.id)).policy).toEqual(org.policy);
  });

  it("keeps the country's public holidays out of the send days unless unticked, and lists the next ones", async () => {
    const { k, org, cookie, form } = await setup();
    const html = await (await k.app.request(`/orgs/${org.id}/settings`, { headers: { cookie } })).text();
    expect(html).toContain('Skip the public holidays of France');
    expect(html).toMatch(/name="sendWindow\.skipHolidays" id="sendWindow\.skipHolidays" checked/);
    // the kit's today is 4 March 2026: Easter Monday is 6 April
    expect(html).toContain('Easter Monday (April 6, 2026)');
    const { 'sendWindow.skipHolidays': _, ...unticked } = form;
    expect((await k.post(`/orgs/${org.id}/settings`, unticked, cookie)).status).toBe(303);
    expect((await saved(org.id)).policy.default.sendWindow.skipHolidays).toBe(false);
  });

  it("saves the owner's digest: on or off, where, at what hour", async () => {
    const { k, org, cookie, form } = await setup();
    const { 'notifications.digest': _, ...off } = form;
    const res = await k.post(
      `/orgs/${org.id}/settings`,
      { ...off, 'notifications.email': 'boss@atelier.example', 'notifications.hour': '7' },
      cookie,
    );
    expect(res.status).toBe(303);
    expect((await saved(org.id)).notifications).toEqual({ digest: false, email: 'boss@atelier.example', hour: 7 });
  });

  it.each([
    ['notifications.hour', '24', 'an hour from 0 to 23'],
    ['notifications.hour', 'seven', 'an hour from 0 to 23'],
    ['notifications.email', 'boss-at-atelier', 'enter an address like owner@example.com, or leave it empty for the reply-to address'],
  ])('refuses %s = %s next to the field', async (field, value, message) => {
    const { k, org, cookie, form } = await setup();
    const res = await k.post(`/orgs/${org.id}/settings`, { ...form, [field]: value }, cookie);
    expect(res.status).toBe(400);
    expect(errorNextTo(await res.text(), field)).toBe(message);
    expect((await saved(org.id)).notifications).toEqual(org.notifications);
  });
});

describe('settings: policy rules', () => {
  it('saves a rule by amount with a firmer tone, built on the default steps, and shows which customers fall under it', async () => {
    const { k, org, cookie, form } = await setup();
    const res = await k.post(
      `/orgs/${org.id}/settings`,
      { ...form, 'rules.0.name': 'Large invoices', 'rules.0.minAmount': '1 000,50', 'rules.0.tone': 'firm', 'rules.0.approval': '' },
      cookie,
    );
    expect(res.status).toBe(303);
    const [rule] = (await saved(org.id)).policy.rules;
    expect(rule).toMatchObject({ name: 'Large invoices', when: { minAmountMinor: 100_050 } });
    expect(rule!.policy.name).toBe('Large invoices');
    expect(rule!.policy.steps.map((s) => s.key)).toEqual(org.policy.default.steps.map((s) => s.key));
    expect(new Set(rule!.policy.steps.map((s) => s.tone))).toEqual(new Set(['firm']));
    const html = await (await k.app.request(`/orgs/${org.id}/settings`, { headers: { cookie } })).text();
    // the fixture's invoice: 1,200.00 still owed, so the rule applies to it
    expect(html).toMatch(/<th scope="row"><a [^>]*>Boulangerie Martin<\/a><\/th><td>1<\/td><td>Large invoices<\/td>/);
    expect(html).toContain('id="rules.0.minAmount" name="rules.0.minAmount" type="text" value="1000.50"');
    expect(html).toMatch(/id="rules\.0\.tone"[^>]*>(?:(?!<\/select>).)*<option value="firm" selected>/s);
  });

  it('saves a rule naming customers, where every step waits for approval', async () => {
    const { k, org, cookie, form, contactId } = await setup();
    const page = await (await k.app.request(`/orgs/${org.id}/settings`, { headers: { cookie } })).text();
    expect(page).toContain(`<option value="${contactId}">Boulangerie Martin</option>`);
    const res = await k.post(
      `/orgs/${org.id}/settings`,
      { ...form, 'rules.0.name': 'Careful', 'rules.0.contactIds': [contactId], 'rules.0.approval': 'all' },
      cookie,
    );
    expect(res.status).toBe(303);
    const [rule] = (await saved(org.id)).policy.rules;
    expect(rule!.when).toEqual({ contactIds: [contactId] });
    expect(rule!.policy.steps.every((s) => s.requiresApproval)).toBe(true);
    const after = await (await k.app.request(`/orgs/${org.id}/settings`, { headers: { cookie } })).text();
    expect(after).toMatch(/>Boulangerie Martin<\/a><\/th><td>1<\/td><td>Careful<\/td>/);
    expect(after).toContain(`<option value="${contactId}" selected>Boulangerie Martin</option>`);
  });

  it('says what a customer without open invoices would get, by amount when a rule says so', async () => {
    const { k, org, cookie, form } = await setup();
    // a customer whose only invoice is paid
    const paid = invoice('i2', { contactExternalId: 'c2', status: 'paid', amountDueMinor: 0, amountPaidMinor: 120_000 });
    await opened.store.applyChanges(
      org.id,
      page({ contacts: [contact('c2', { name: 'Café Zola' })], invoices: [paid] }),
      k.clock.now().toISOString(),
    );
    const res = await k.post(
      `/orgs/${org.id}/settings`,
      { ...form, 'rules.0.name': 'Large invoices', 'rules.0.minAmount': '5000' },
      cookie,
    );
    expect(res.status).toBe(303);
    const html = await (await k.app.request(`/orgs/${org.id}/settings`, { headers: { cookie } })).text();
    expect(html).toMatch(/>Café Zola<\/a><\/th><td>0<\/td><td>Large invoices \(≥ €5,000\.00\), Standard<\/td>/);
    // the fixture's invoice (1,200.00 owed) stays under the default
    expect(html).toMatch(/>Boulangerie Martin<\/a><\/th><td>1<\/td><td>Standard<\/td>/);
  });

  it('removes a rule that is ticked', async () => {
    const { k, org, cookie, form } = await setup();
    await k.post(`/orgs/${org.id}/settings`, { ...form, 'rules.0.name': 'Consumers', 'rules.0.consumer': 'consumer' }, cookie);
    const withRule: FormValues = { ...formValuesOf(await saved(org.id)), _csrf: form._csrf! };
    expect(withRule['rules.0.consumer']).toBe('consumer');
    await k.post(`/orgs/${org.id}/settings`, { ...withRule, 'rules.0.remove': 'on' }, cookie);
    expect((await saved(org.id)).policy.rules).toEqual([]);
  });

  it.each([
    [
      'rules.0.name',
      { 'rules.0.name': 'Everyone' },
      'say which invoices this rule is for: consumer or business, a profile, an amount or named customers',
    ],
    ['rules.0.name', { 'rules.0.consumer': 'business' }, 'give the rule a name, like "Large invoices"'],
    ['rules.0.minAmount', { 'rules.0.name': 'Big', 'rules.0.minAmount': 'lots' }, '"lots" is not an amount in EUR, like 1500.00'],
    [
      'rules.0.maxAmount',
      { 'rules.0.name': 'Mid', 'rules.0.minAmount': '500', 'rules.0.maxAmount': '100' },
      'the largest amount must be at least the smallest',
    ],
  ])('refuses a rule with a bad %s next to the field, saving nothing', async (field, typed, message) => {
    const { k, org, cookie, form } = await setup();
    const res = await k.post(`/orgs/${org.id}/settings`, { ...form, ...typed }, cookie);
    expect(res.status).toBe(400);
    expect(errorNextTo(await res.text(), field)).toBe(message);
    expect((await saved(org.id)).policy).toEqual(org.policy);
  });
});

describe('settings in French', () => {
  it("speaks the organisation's language, labels and all", async () => {
    const k = webKit(opened.store);
    const { org } = await k.seededOrg(); // the fixture's organisation is French
    const { cookie, csrf } = await k.signIn(org.id);
    const html = await (await k.app.request(`/orgs/${org.id}/settings`, { headers: { cookie } })).text();
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('<h1>Réglages</h1>');
    expect(html).toContain('<label for="place.timeZone">Fuseau horaire</label>');
    expect(html).toContain('Ne rien envoyer les jours fériés (France)');
    expect(html).toContain('>Aperçu</button>');
    const refused = await k.post(`/orgs/${org.id}/settings`, { ...formValuesOf(org), _csrf: csrf, 'notifications.hour': '30' }, cookie);
    const refusedPage = await refused.text();
    expect(refusedPage).toContain('Rien n&#39;a été enregistré');
    expect(errorNextTo(refusedPage, 'notifications.hour')).toBe('une heure de 0 à 23');
    const badStep = await k.post(`/orgs/${org.id}/settings`, { ...formValuesOf(org), _csrf: csrf, 'steps.2.offsetDays': '0' }, cookie);
    expect(errorNextTo(await badStep.text(), 'steps.2.offsetDays')).toBe(
      'les étapes doivent suivre l’ordre des jours : « firm » (0) vient après « friendly » (1)',
    );
    const res = await k.post(`/orgs/${org.id}/settings`, { ...formValuesOf(org), _csrf: csrf }, cookie);
    const after = await (await k.app.request(res.headers.get('location')!, { headers: { cookie } })).text();
    expect(after).toContain('Réglages enregistrés.');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite, type OpenedStore } from '../../../test/support/stores.ts';
import { invoice, page } from '../../../test/fixtures/ledger.ts';
import { webKit } from '../../../test/web/kit.ts';
import type { CalendarDate } from '../../core/calendar.ts';
import type { FormValues } from './form-values.ts';
import { PREVIEW_CSP } from './preview.ts';
import { formValuesOf } from './settings-form.ts';

let opened: OpenedStore;
beforeAll(async () => {
  opened = await openPglite();
});
afterAll(() => opened?.close());

async function setup() {
  const k = webKit(opened.store);
  const { org, invoiceId } = await k.seededOrg({ locale: 'en' });
  const session = await k.signIn(org.id);
  // row 1 is the "friendly" step (warm), row 2 the "firm" one
  const form: FormValues = { ...formValuesOf(org), _csrf: session.csrf, 'preview.invoiceId': invoiceId, 'preview.step': '1' };
  return { k, org, invoiceId, ...session, form };
}

describe('settings: live preview of a real invoice', () => {
  it('offers the open invoices, a sandboxed frame, a no-script Preview button and the script that re-renders it', async () => {
    const { k, org, cookie, invoiceId } = await setup();
    const html = await (await k.app.request(`/orgs/${org.id}/settings`, { headers: { cookie } })).text();
    expect(html).toMatch(new RegExp(`<option value="${invoiceId}" selected>F-2026-001 · Boulangerie Martin · €1,200.00</option>`));
    expect(html).toContain(`formaction="/orgs/${org.id}/settings/preview" formtarget="preview"`);
    expect(html).toMatch(/<iframe name="preview" class="preview-frame" sandbox title="Preview of the email"><\/iframe>/);
    expect(html).toContain('<script src="/assets/settings-preview.js" defer></script>');
    const script = await k.app.request('/assets/settings-preview.js');
    expect(script.status).toBe(200);
    expect(await script.text()).toContain('requestSubmit');
  });

  it('starts on the most overdue open invoice, at the step its days late have reached', async () => {
    const { k, org, cookie } = await setup();
    const older = invoice('i-old', { number: 'F-2025-090', dueDate: '2026-02-01' as CalendarDate });
    const [olderId] = (await opened.store.applyChanges(org.id, page({ invoices: [older] }), k.clock.now().toISOString())).invoiceIds;
    const html = await (await k.app.request(`/orgs/${org.id}/settings`, { headers: { cookie } })).text();
    expect(html).toMatch(new RegExp(`<option value="${olderId}" selected>F-2025-090 `));
    // 31 days late on 4 March 2026: the "final" step (30 days) is the last one reached
    expect(html).toMatch(/id="preview\.step"[^>]*>(?:(?!<\/select>).)*<option value="4" selected>final<\/option>/s);
  });

  it("renders the chosen invoice's email under its own strict policy, and saves nothing", async () => {
    const { k, org, cookie, form } = await setup();
    const res = await k.post(
      `/orgs/${org.id}/settings/preview`,
      { ...form, 'sender.name': 'Not saved', 'branding.colour': '#0a7f3f' },
      cookie,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(PREVIEW_CSP);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('F-2026-001');
    expect(html).toContain('Boulangerie Martin');
    expect(html.toLowerCase()).toContain('#0a7f3f'); // the branding as typed, not as saved
    expect(html).not.toContain('/answer/'); // no live answer link in a preview
    const after = (await opened.store.getOrganisation(org.id))!;
    expect(after.sender).toEqual(org.sender);
    expect(after.branding).toEqual(org.branding);
  });

  it("changes with the step's tone and with the language, unsaved", async () => {
    const { k, org, cookie, form } = await setup();
    const render = async (typed: FormValues) => (await k.post(`/orgs/${org.id}/settings/preview`, { ...form, ...typed }, cookie)).text();
    const warm = await render({ 'steps.1.tone': 'warm' });
    const firm = await render({ 'steps.1.tone': 'firm' });
    const words = (html: string) => new Set(html.replace(/<[^>]+>/g, ' ').split(/\s+/));
    expect(warm).not.toBe(firm);
    expect([...words(firm)].filter((w) => !words(warm).has(w)).length).toBeGreaterThan(0);
    const french = await render({ 'steps.1.tone': 'warm', 'place.locale': 'fr' });
    expect(french).toContain('lang="fr"');
    expect(french).not.toBe(warm);
    expect((await opened.store.getOrganisation(org.id))!.policy).toEqual(org.policy);
  });

  it("states the charges a step mentions, computed as a real send would (the organisation's regime)", async () => {
    const { k, org, cookie, form } = await setup();
    const none = await (await k.post(`/orgs/${org.id}/settings/preview`, { ...form, 'steps.1.charges': 'none' }, cookie)).text();
    const mention = await (await k.post(`/orgs/${org.id}/settings/preview`, { ...form, 'steps.1.charges': 'mention' }, cookie)).text();
    // French B2B: the €40 recovery indemnity is owed from the first day late
    expect(none).not.toContain('€40');
    expect(mention).toContain('€40');
  });

  it('shows what to fix instead of an email when a value is wrong', async () => {
    const { k, org, cookie, form } = await setup();
    const res = await k.post(`/orgs/${org.id}/settings/preview`, { ...form, 'branding.colour': 'blue' }, cookie);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-security-policy')).toBe(PREVIEW_CSP);
    const html = await res.text();
    expect(html).toContain('The preview needs these settings fixed first');
    expect(html).toContain('branding.colour: a colour like #1f6feb');
  });

  it('refuses without the CSRF token', async () => {
    const { k, org, cookie, form } = await setup();
    const { _csrf, ...without } = form;
    expect(_csrf).toBeTruthy();
    expect((await k.post(`/orgs/${org.id}/settings/preview`, without, cookie)).status).toBe(403);
  });

  it("refuses another organisation's invoice, and an unknown one", async () => {
    const { k, org, cookie, form } = await setup();
    const other = await k.seededOrg({ locale: 'en' });
    const theirs = await k.post(`/orgs/${org.id}/settings/preview`, { ...form, 'preview.invoiceId': other.invoiceId }, cookie);
    expect(theirs.status).toBe(404);
    expect(await theirs.text()).not.toContain('F-2026-001');
    expect((await k.post(`/orgs/${org.id}/settings/preview`, { ...form, 'preview.invoiceId': 'nope' }, cookie)).status).toBe(404);
    // and the route itself is the organisation's: another's is refused by the guard
    expect((await k.post(`/orgs/${other.org.id}/settings/preview`, form, cookie)).status).toBe(404);
  });
});

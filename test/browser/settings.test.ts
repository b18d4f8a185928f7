import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planOrganisation } from '../../src/services/index.ts';
import { SESSION_COOKIE } from '../../src/web/middleware/session.ts';
import { openPglite, type OpenedStore } from '../support/stores.ts';
import { webKit } from '../web/kit.ts';
import { chromiumPresent, launchChromium, shotPath } from './chromium.ts';

/** The settings page in a real browser: the form an owner fills, saved, and refused next to the field. */
describe.runIf(chromiumPresent)('settings page in chromium', () => {
  let opened: OpenedStore;
  let server: ServerType;
  let browser: Browser;
  let base: string;
  let kit: ReturnType<typeof webKit>;

  beforeAll(async () => {
    opened = await openPglite();
    kit = webKit(opened.store);
    const address = await new Promise<AddressInfo>((resolve) => {
      server = serve({ fetch: kit.app.fetch, hostname: '127.0.0.1', port: 0 }, resolve);
    });
    base = `http://127.0.0.1:${address.port}`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    await opened?.close();
  });

  async function signedInPage(orgId: string) {
    const { cookie } = await kit.signIn(orgId);
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    await context.addCookies([{ name: SESSION_COOKIE, value: cookie.slice(SESSION_COOKIE.length + 1), url: base }]);
    return context.newPage();
  }

  it("saves a step's new offset and tone", async () => {
    const { org } = await kit.seededOrg({ name: 'Atelier Dupont SARL', locale: 'en' });
    const page = await signedInPage(org.id);
    await page.goto(`${base}/orgs/${org.id}/settings`);
    await page.fill('input[name="steps.1.offsetDays"]', '4');
    await page.selectOption('select[name="steps.1.tone"]', 'firm');
    await Promise.all([page.waitForURL(/done=saved/), page.click('button[type=submit]')]);
    await expect.poll(() => page.textContent('.notice')).toContain('Settings saved');
    expect(await page.inputValue('input[name="steps.1.offsetDays"]')).toBe('4');
    expect(await page.inputValue('select[name="steps.1.tone"]')).toBe('firm');
    const saved = (await opened.store.getOrganisation(org.id))!;
    expect(saved.policy.default.steps[1]).toMatchObject({ offsetDays: 4, tone: 'firm' });
    await page.context().close();
  });

  it('shows a bad value refused next to its field, and keeps the saved settings', async () => {
    const { org } = await kit.seededOrg({ name: 'Atelier Dupont SARL', locale: 'en' });
    const page = await signedInPage(org.id);
    await page.goto(`${base}/orgs/${org.id}/settings`);
    await page.fill('input[name="steps.2.offsetDays"]', '0');
    await page.fill('input[name="sender.email"]', 'compta at atelier');
    await page.click('button[type=submit]');
    const offsetError = page.locator('[data-field="steps.2.offsetDays"] .error');
    await offsetError.waitFor();
    expect(await offsetError.textContent()).toBe('steps must be in order of days: "firm" (0) comes after "friendly" (1)');
    expect(await page.locator('[data-field="sender.email"] .error').textContent()).toContain('enter the address replies should go to');
    expect(await page.locator('.notice.bad').textContent()).toContain('Nothing was saved');
    expect(await page.inputValue('input[name="steps.2.offsetDays"]')).toBe('0');
    expect((await opened.store.getOrganisation(org.id))!.policy).toEqual(org.policy);
    await page.screenshot({ path: shotPath('settings.png'), fullPage: true });
    await page.context().close();
  });

  it('approves a step waiting for the owner from the dashboard', async () => {
    const { org } = await kit.seededOrg({ name: 'Atelier Dupont SARL', locale: 'en' });
    const steps = org.policy.default.steps.map((st) => (st.key === 'friendly' ? { ...st, requiresApproval: true } : st));
    await opened.store.updateOrganisation(org.id, { policy: { ...org.policy, default: { ...org.policy.default, steps } } });
    await planOrganisation(kit.deps, org.id);
    const page = await signedInPage(org.id);
    await page.goto(`${base}/orgs/${org.id}`);
    expect(await page.textContent('section.needs')).toContain('1 step waits for your approval');
    await Promise.all([page.waitForURL(/done=approved/), page.click('button:has-text("Approve")')]);
    expect(await page.textContent('.notice')).toContain('Approved');
    expect(await page.textContent('section.needs')).not.toContain('waits for your approval');
    expect(await opened.store.remindersInState(org.id, ['awaiting-approval'])).toEqual([]);
    await page.context().close();
  });
});

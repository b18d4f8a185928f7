import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPresent, launchChromium, shotPath } from '../../../test/browser/chromium.ts';
import { openPglite, type OpenedStore } from '../../../test/support/stores.ts';
import { webKit } from '../../../test/web/kit.ts';
import { SESSION_COOKIE } from '../middleware/session.ts';

/** The settings page's live preview in a real browser: the script re-renders the email as the owner edits. */
describe.runIf(chromiumPresent)('settings preview in chromium', () => {
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

  async function signedInPage(orgId: string, width: number): Promise<Page> {
    const { cookie } = await kit.signIn(orgId);
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    await context.addCookies([{ name: SESSION_COOKIE, value: cookie.slice(SESSION_COOKIE.length + 1), url: base }]);
    return context.newPage();
  }

  const frameText = async (page: Page): Promise<string> => {
    const frame: Frame | null = page.frame({ name: 'preview' });
    return frame ? ((await frame.textContent('body').catch(() => null)) ?? '') : '';
  };

  it('renders the real invoice beside the form, and again as the tone changes, without saving', async () => {
    const { org } = await kit.seededOrg({ locale: 'en' });
    const page = await signedInPage(org.id, 1300);
    await page.goto(`${base}/orgs/${org.id}/settings`);
    await expect.poll(() => frameText(page), { timeout: 10_000 }).toContain('F-2026-001');
    const step = await page.inputValue('select[name="preview.step"]');
    await page.selectOption(`select[name="steps.${step}.tone"]`, 'warm');
    await expect.poll(() => frameText(page), { timeout: 10_000 }).toContain('F-2026-001');
    const warm = await frameText(page);
    await page.selectOption(`select[name="steps.${step}.tone"]`, 'firm');
    await expect.poll(() => frameText(page), { timeout: 10_000 }).not.toBe(warm);
    expect(await frameText(page)).toContain('F-2026-001');
    await page.screenshot({ path: shotPath('settings-preview.png'), fullPage: false });
    expect((await opened.store.getOrganisation(org.id))!.policy).toEqual(org.policy);
    await page.context().close();
  });

  it('fits a 360 px screen', async () => {
    const { org } = await kit.seededOrg();
    const page = await signedInPage(org.id, 360);
    await page.goto(`${base}/orgs/${org.id}/settings`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.context().close();
  });
});

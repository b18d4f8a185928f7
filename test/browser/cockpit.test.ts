import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CalendarDate, localDate } from '../../src/core/calendar.ts';
import { planOrganisation } from '../../src/services/index.ts';
import type { Organisation } from '../../src/core/organisation.ts';
import { FIRST_LEDGER } from '../support/ledgers.ts';
import { chromiumPresent, launchChromium, shotPath } from './chromium.ts';
import { type Demo, startDemo } from './demo.ts';
import { agedFigures, later, seededInvoices } from './seeded.ts';

/**
 * The owner's cockpit in a real browser, as a newcomer running `npm start` meets it: the demo on the first ledger's
 * sandbox, connected through the sandbox's own consent page, then every page an owner steers relance from.
 *
 * "Today" is fixed (a Tuesday morning, no public holiday in London or Paris, inside the default send window) for the
 * app, its connector and the sandbox, which seeds its ledger around that day: the test passes on any real date.
 */
const NOW = new Date('2026-03-10T10:00:00Z');

/** What a page prints as an amount ("£2,304.00", "1 234,56 €"), in minor units: compared with the seed's figures. */
const minorOf = (text: string | null): number => Number((text ?? '').replace(/[^\d]/g, ''));

describe.runIf(chromiumPresent)("the owner's cockpit in chromium, on the ledger's sandbox", { timeout: 60_000 }, () => {
  let demo: Demo;
  let browser: Browser;
  let page: Page;
  let org: Organisation;
  let today: CalendarDate;
  const at = (path: string) => `${demo.url}/orgs/${org.id}${path}`;

  beforeAll(async () => {
    [demo, browser] = await Promise.all([startDemo(NOW), launchChromium()]);
    page = await (await browser.newContext({ viewport: { width: 1100, height: 900 } })).newPage();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  it('connects on the sandbox consent page, lands in preview and watches the first sync reach "done"', async () => {
    await page.goto(`${demo.url}/`);
    await page.getByRole('link', { name: `Connect to ${FIRST_LEDGER.displayName}` }).click();
    // the sandbox's own consent page, every organisation ticked, as a person leaves it
    await page.waitForURL((u) => !u.href.startsWith(demo.url));
    await page.click('button[name="decision"][value="allow"]');
    await page.waitForURL((u) => u.href.startsWith(demo.url));
    // one consent may connect several organisations: the English one is followed here
    const connected = await demo.runtime.store.listOrganisations();
    expect(connected.length).toBeGreaterThan(0);
    const english = connected.find((o) => o.locale.startsWith('en'));
    expect(english, 'an English organisation in the seed').toBeDefined();
    org = english!;
    today = localDate(NOW, org.timeZone);
    if (connected.length > 1) await page.getByRole('link', { name: org.name }).click();
    await page.waitForURL(at(''));
    expect(await page.textContent('.preview-banner')).toContain('Preview: nothing is sent.');
    // while the sync runs, the card's live region follows it over server-sent events and the page reloads once it is
    // done, to show the review; a sync already over by the time the page came says so without a stream
    const card = page.locator('section.sync-progress');
    await expect.poll(() => card.textContent().catch(() => ''), { timeout: 60_000 }).toContain('First sync done');
    await page.waitForLoadState('load');
  }, 120_000);

  it('leaves the start page alone once the first sync is done: no stream to follow, no reload', async () => {
    let loads = 0;
    const count = () => loads++;
    page.on('load', count);
    await page.goto(at(''));
    await page.waitForTimeout(1_500);
    page.off('load', count);
    expect(loads).toBe(1);
    expect(await page.locator('script[src*="sync-progress"]').count()).toBe(0);
    expect(await page.textContent('section.sync-progress')).toContain('First sync done');
  });

  it('reviews the catch-up plan, then turns sending on: nothing went out before the button', async () => {
    const seeded = seededInvoices(FIRST_LEDGER, NOW, org.name);
    const overdue = seeded.filter((i) => i.dueDate < today);
    await page.goto(at(''));
    const review = page.locator('section.review');
    expect(await review.locator('h2').textContent()).toContain('Catch-up review');
    expect(await review.textContent()).toContain(`${overdue.length} invoices are already overdue`);
    // every overdue invoice listed once, each with its choice (as planned by default; long overdue ones gently)
    expect(await review.locator('tbody tr').count()).toBe(overdue.length);
    expect((await review.locator('tbody th a').allTextContents()).sort()).toEqual(overdue.map((i) => i.number).sort());
    // preview: nothing left, nothing recorded as sent
    expect(demo.outbox()).toEqual([]);
    expect(await demo.runtime.store.remindersInState(org.id, ['sent'])).toEqual([]);
    await Promise.all([page.waitForURL(/done=started/), page.getByRole('button', { name: 'Turn sending on' }).click()]);
    expect(await page.locator('.preview-banner').count()).toBe(0);
    await demo.idle();
    const sent = await demo.runtime.store.remindersInState(org.id, ['sent']);
    expect(sent.length).toBeGreaterThan(0);
    // one email per customer's batch: as many in the outbox as distinct messages (the other organisation stays in preview)
    expect(demo.outbox().length).toBe(new Set(sent.map((r) => r.messageId)).size);
  });

  /**
   * The dashboard once it shows what `check` looks for. It keeps a rendered page for a few seconds (many tabs, one read)
   * and a form on another page does not refresh it, so an owner coming back at once may need to look again, as this does.
   */
  async function dashboardShowing(check: () => Promise<boolean>): Promise<void> {
    await expect
      .poll(
        async () => {
          await page.goto(at(''));
          return check();
        },
        { timeout: 15_000, interval: 500 },
      )
      .toBe(true);
  }
  const needsSays = (text: string) => async () => (await page.locator('section.needs').textContent())?.includes(text) ?? false;

  /** A figure of the "What you are owed" card, by its label. */
  const figure = (label: string) =>
    page
      .locator('dl.figures .figure')
      .filter({ has: page.locator('dt', { hasText: label }) })
      .locator('dd');

  it("shows the seeded ledger's figures on the dashboard: what is owed, overdue, and by age", async () => {
    const expected = agedFigures(seededInvoices(FIRST_LEDGER, NOW, org.name), today);
    // once it shows what the first plan did (the page seen right after the button may be kept a few seconds)
    await dashboardShowing(async () => (await page.textContent('main'))?.includes('Email sent') ?? false);
    expect(await page.locator('section.owed').textContent()).toContain(`${expected.invoices} open invoices`);
    expect(minorOf(await figure('Open receivables').textContent())).toBe(expected.open);
    expect(minorOf(await figure('Overdue').textContent())).toBe(expected.overdue);
    // the chart's figures, as its table gives them to screen readers: not yet due, 1-30, 31-60, 61-90, over 90 days
    const buckets = await page.locator('figure.aged table tbody td').allTextContents();
    expect(buckets.map(minorOf)).toEqual(expected.buckets);
    expect(expected.overdue).toBeGreaterThan(0);
    await page.screenshot({ path: shotPath('dashboard.png'), fullPage: true });
    const phone = await phonePage();
    // what a phone shows on opening the dashboard: the first screen
    await phone.screenshot({ path: shotPath('dashboard-phone.png') });
    await phone.close();
  });

  /** The dashboard on a 390 px wide phone, signed in as the owner. */
  async function phonePage() {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, storageState: await page.context().storageState() });
    await phone.goto(at(''));
    return phone;
  }

  // the aged receivables' screen-reader table sits in a `.sr-only` box: a table is never narrower than its content, so
  // hiding the table itself let it stick out and the page scroll sideways
  it('fits a 390 px phone: nothing sticks out sideways, the wide tables scroll in their own box', async () => {
    const phone = await phonePage();
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    await phone.close();
    expect(width).toBeLessThanOrEqual(390);
  });

  /** Two overdue invoices the next steps act on (a promise, a dispute), of customers with no call to make today. */
  async function cast() {
    const calls = new Set((await demo.runtime.store.remindersInState(org.id, ['task-open'])).map((r) => r.invoiceId));
    const callNumbers = new Set((await demo.runtime.store.invoicesById(org.id, [...calls])).map((i) => i.number));
    const callers = new Set(
      seededInvoices(FIRST_LEDGER, NOW, org.name)
        .filter((i) => callNumbers.has(i.number))
        .map((i) => i.contactName),
    );
    const overdue = seededInvoices(FIRST_LEDGER, NOW, org.name)
      .filter((i) => i.dueDate < today && !callers.has(i.contactName))
      .sort((a, b) => a.number.localeCompare(b.number));
    expect(overdue.length, 'two overdue invoices without a call').toBeGreaterThanOrEqual(2);
    return { promise: overdue[0]!, dispute: overdue[1]!, callers };
  }

  /** The invoice page, found as an owner would: the invoices list searched by number. */
  async function openInvoice(number: string) {
    await page.goto(at('/invoices'));
    await page.fill('#q', number);
    await Promise.all([page.waitForURL(/q=/), page.press('#q', 'Enter')]);
    await Promise.all([page.waitForURL(/\/invoices\/[^/?]+$/), page.getByRole('link', { name: number, exact: true }).click()]);
  }

  it('pauses a customer: their page says so and the next 14 days no longer list them', async () => {
    const { promise, dispute, callers } = await cast();
    await page.goto(at(''));
    const upcoming = await page.locator('table.upcoming tbody tr td:nth-child(3)').allTextContents();
    const customer = upcoming.find((name) => !callers.has(name) && name !== promise.contactName && name !== dispute.contactName);
    expect(customer, 'a customer with something planned in the next 14 days').toBeDefined();
    await page.goto(at('/customers'));
    await page.fill('#q', customer!);
    await Promise.all([page.waitForURL(/q=/), page.press('#q', 'Enter')]);
    await page.getByRole('link', { name: customer!, exact: true }).click();
    await page.waitForURL(/\/customers\/[^/?]+$/);
    const contactId = new URL(page.url()).pathname.split('/').pop()!;
    // the engine's dry run ten days on (a Friday morning): something would go to them before the pause, nothing after
    const tenDaysOn = new Date(NOW.getTime() + 10 * 86_400_000);
    const goingTo = async () =>
      (await planOrganisation(demo.runtime.deps, org.id, { dryRun: true, asOf: tenDaysOn })).decisions.filter(
        (d) => d.kind === 'send' && d.contactId === contactId,
      ).length;
    expect(await goingTo()).toBeGreaterThan(0);
    await Promise.all([page.waitForURL(/done=paused/), page.getByRole('button', { name: 'Pause', exact: true }).click()]);
    expect(await page.textContent('.notice[role=status]')).toContain('Customer paused');
    expect(await page.textContent('main')).toContain('Chasing is paused for this customer until you resume it.');
    expect(await page.textContent('h1')).toContain('Paused');
    // none of their invoices has a next action any more
    expect(new Set(await page.locator('table.invoices tbody td[data-label="Next action"]').allTextContents())).toEqual(new Set(['—']));
    expect(await goingTo()).toBe(0);
    await page.screenshot({ path: shotPath('customer.png'), fullPage: true });
    const names = () => page.locator('table.upcoming tbody tr td:nth-child(3)').allTextContents();
    await dashboardShowing(async () => !(await names()).includes(customer!));
    expect((await names()).length).toBeGreaterThan(0);
  });

  it('records a promise taken by phone: the invoice and the dashboard show it', async () => {
    const { promise } = await cast();
    await openInvoice(promise.number);
    await page.getByLabel('promised to pay').check();
    await page.fill('#promisedDate', later(today, 7));
    await Promise.all([page.waitForURL(/done=answered/), page.getByRole('button', { name: 'Record the answer' }).click()]);
    expect(await page.textContent('main')).toContain('Promised to pay by');
    await dashboardShowing(async () => minorOf(await figure('Promised').textContent()) === promise.dueMinor);
  });

  it('records a dispute, sees it in "Needs you", then resolves it', async () => {
    const { dispute } = await cast();
    const reason = 'Two of the boxes arrived damaged';
    await openInvoice(dispute.number);
    const invoicePage = page.url();
    await page.getByLabel('disputes the invoice').check();
    await page.fill('#disputeReason', reason);
    await Promise.all([page.waitForURL(/done=answered/), page.getByRole('button', { name: 'Record the answer' }).click()]);
    await dashboardShowing(needsSays('1 dispute to resolve'));
    expect(await page.locator('section.needs q').textContent()).toBe(reason);
    expect(minorOf(await figure('Disputed').textContent())).toBe(dispute.dueMinor);
    await page.goto(invoicePage);
    await page.getByLabel('Resolved: resume chasing').check();
    await page.fill('#settleNote', 'Credit note agreed for the damaged boxes');
    await Promise.all([page.waitForURL(/done=settled/), page.getByRole('button', { name: 'Resolve', exact: true }).click()]);
    expect(await page.textContent('.notice[role=status]')).toContain('Dispute resolved.');
    expect(await page.textContent('main')).toContain(`Dispute resolved: ${reason}`);
    await dashboardShowing(async () => !(await needsSays('dispute to resolve')()));
    expect(minorOf(await figure('Disputed').textContent())).toBe(0);
  });

  it('completes a call task: it leaves the list', async () => {
    await page.goto(at('/tasks'));
    // one call per customer, whatever the number of their invoices the call is about
    const calls = await page.locator('section.tasks article.task').count();
    expect(calls, 'calls due today after the catch-up').toBeGreaterThan(0);
    expect(await page.textContent('#calls-title')).toBe(`Calls to make today (${calls})`);
    await page.screenshot({ path: shotPath('tasks.png'), fullPage: true });
    const task = page.locator('section.tasks article.task').first();
    const id = (await task.getAttribute('id'))!.replace(/^task-/, '');
    await task.getByLabel('Done, something else').check();
    await task.getByLabel('Note (optional, goes into your ledger)').fill('Spoke to accounts: paying on Friday');
    await Promise.all([page.waitForURL(/done=done/), task.getByRole('button', { name: 'Save the outcome' }).click()]);
    expect(await page.textContent('#calls-title')).toBe(`Calls to make today (${calls - 1})`);
    expect(await page.locator(`#task-${id}`).count()).toBe(0);
    expect((await demo.runtime.store.remindersInState(org.id, ['task-open'])).map((r) => r.id)).not.toContain(id);
  });

  it('changes a tone in the settings and the live preview re-renders the email, nothing saved', async () => {
    await page.goto(at('/settings'));
    const frame = page.frame({ name: 'preview' })!;
    const body = () => frame.textContent('body').catch(() => '');
    // the script renders the preview once on load: the most overdue invoice at its next step
    await expect.poll(body, { timeout: 10_000 }).toContain(org.name);
    const row = await page.inputValue('select[name="preview.step"]');
    const tone = page.locator(`select[name="steps.${row}.tone"]`);
    const before = await body();
    const other = (await tone.inputValue()) === 'firm' ? 'warm' : 'firm';
    await tone.selectOption(other);
    await expect.poll(body, { timeout: 10_000 }).not.toBe(before);
    // the steps beside the email they make: the top of the page, not the whole form
    const bottom = await page.evaluate(() =>
      Math.max(
        ...[...document.querySelectorAll('main section')]
          .filter((e) => e.matches('.preview') || e.querySelector('h2')?.textContent === 'Reminder steps')
          .map((e) => e.getBoundingClientRect().bottom + window.scrollY),
      ),
    );
    await page.screenshot({
      path: shotPath('settings-preview.png'),
      fullPage: true,
      clip: { x: 0, y: 0, width: 1100, height: Math.ceil(bottom) + 24 },
    });
    expect((await demo.runtime.store.getOrganisation(org.id))!.policy).toEqual(org.policy);
  });

  it('refuses an invalid value beside its field and saves nothing', async () => {
    const saved = (await demo.runtime.store.getOrganisation(org.id))!;
    await page.goto(at('/settings'));
    await page.fill('input[name="sender.email"]', 'accounts at hartley');
    await page.getByRole('button', { name: 'Save settings' }).click();
    const error = page.locator('[data-field="sender.email"] .error');
    await error.waitFor();
    expect(await error.textContent()).toContain('enter the address replies should go to');
    expect(await page.textContent('.notice.bad')).toContain('Nothing was saved');
    // what was typed stays in the field to be fixed; the store still has the saved settings
    expect(await page.inputValue('input[name="sender.email"]')).toBe('accounts at hartley');
    expect(await demo.runtime.store.getOrganisation(org.id)).toEqual(saved);
  });
});

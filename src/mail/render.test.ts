import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMoney } from '../core/money.ts';
import { TEMPLATES, TONES } from '../core/policy.ts';
import { escapeHtml } from './format.ts';
import { createRenderer, DEFAULT_TEMPLATES_DIR, SUBJECT_MAX } from './render.ts';
import { sampleReminderModel, type SampleReminderModel } from './sample.ts';

const renderer = createRenderer();
const LOCALES = ['en', 'fr'] as const;
const GMAIL_CLIP = 100 * 1024;

function hrefs(html: string): string[] {
  return [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));
}

function links(model: SampleReminderModel): string[] {
  return [model.paymentUrl, model.answerUrls.promise, model.answerUrls.paid, model.answerUrls.dispute];
}

describe('every template × tone × locale', () => {
  const combos = TEMPLATES.flatMap((template) => TONES.flatMap((tone) => LOCALES.map((locale) => ({ template, tone, locale }))));

  it.each(combos)('$template / $tone / $locale renders a complete email', async ({ template, tone, locale }) => {
    const model = {
      ...sampleReminderModel({ template, tone, locale, invoiceCount: 3 }),
      charges: { lines: ['Interest at 12.15% since 3 March'], totalLabel: 'Charges: €57.98' },
    };
    const out = await renderer.render(model);
    expect(out.subject.length).toBeGreaterThan(10);
    expect(out.subject).not.toMatch(/[\r\n]|\{\{/);
    expect(out.html).toContain(escapeHtml(out.preheader));
    expect(out.html.length).toBeLessThan(GMAIL_CLIP);
    expect(out.html).not.toMatch(/\{\{|\[\[|\}\}|\]\]/);
    expect(out.text).not.toMatch(/\{\{|\[\[|\}\}|\]\]|<\w/);
    for (const url of links(model)) {
      expect(hrefs(out.html)).toContain(url);
      expect(out.text).toContain(url);
    }
    for (const inv of model.invoices) {
      expect(out.html).toContain(inv.number);
      expect(out.text).toContain(inv.number);
    }
    expect(out.html).toContain(formatMoney(model.totalDue, locale === 'fr' ? 'fr-FR' : 'en-GB'));
    const showsCharges = template !== 'courtesy' && template !== 'friendly';
    expect(out.html.includes('Interest at 12.15% since 3 March'), 'charges paragraph in HTML').toBe(showsCharges);
    expect(out.text.includes('Interest at 12.15% since 3 March'), 'charges paragraph in text').toBe(showsCharges);
  });

  it('compiles each combination once, then substitutes', async () => {
    const r = createRenderer();
    for (let i = 0; i < 3; i++) for (const c of combos) await r.render(sampleReminderModel({ ...c, customerName: `Customer ${i}` }));
    expect(r.compilations).toBe(combos.length);
    await r.render(sampleReminderModel({ branding: { colour: '#aa0000' } }));
    expect(r.compilations).toBe(combos.length + 1);
  });
});

describe('content', () => {
  it('a formal notice shows the heading, principal + interest + compensation = total, deadline, legal basis, next step', async () => {
    for (const [locale, heading, deadline] of [
      ['fr', 'Mise en demeure', '28 mars 2026'],
      ['en', 'Final notice before legal action', '28 March 2026'],
    ] as const) {
      const model = sampleReminderModel({ template: 'formal-notice', tone: 'firm', locale });
      const { html, text } = await renderer.render({ ...model, legalBasis: 'Basis X-1', nextStep: 'Court Y-2' });
      const intl = locale === 'fr' ? 'fr-FR' : 'en-GB';
      for (const part of [html, text]) {
        expect(part).toContain(heading);
        for (const amount of Object.values(model.claim!)) expect(part).toContain(formatMoney(amount, intl));
        expect(part).toContain(deadline);
        expect(part).toContain('Basis X-1');
        expect(part).toContain('Court Y-2');
      }
    }
  });

  it('one invoice reads in the singular, many in the plural, and days use plural rules', async () => {
    const one = await renderer.render(sampleReminderModel({ template: 'firm', invoiceCount: 1 }));
    expect(one.subject).toBe('Second reminder: invoice F-2026-0041, 10 days overdue');
    const many = await renderer.render(sampleReminderModel({ template: 'firm', invoiceCount: 3, locale: 'fr' }));
    expect(many.subject).toBe('Deuxième relance : vos 3 factures, 24 jours de retard');
  });

  it('lists at most 25 rows and counts the rest, staying under the clip with long values everywhere', async () => {
    const long = 'W'.repeat(5000);
    const model = sampleReminderModel({
      template: 'formal-notice',
      invoiceCount: 300,
      businessName: long,
      customerName: long,
      senderName: long,
    });
    const out = await renderer.render({
      ...model,
      invoices: model.invoices.map((i) => ({ ...i, number: long })),
      charges: { lines: Array(50).fill(long), totalLabel: long },
      legalBasis: long,
      nextStep: long,
      signature: Array(50).fill(long).join('\n'),
      branding: { ...model.branding, legalFooter: Array(50).fill(long).join('\n') },
    });
    expect(out.html.length).toBeLessThan(GMAIL_CLIP);
    expect(out.text).toContain('…and 275 more');
    expect(out.subject.length).toBeLessThanOrEqual(SUBJECT_MAX);
  });

  it('clips a 5,000-character company name with an ellipsis', async () => {
    const name = `Société ${'Très Longue '.repeat(420)}`;
    const out = await renderer.render(sampleReminderModel({ businessName: name }));
    const clipped = out.text.match(/from (Société[^\n]*?…)/)?.[1] ?? '';
    expect(clipped.endsWith('…')).toBe(true);
    expect(clipped.length).toBeLessThanOrEqual(120);
    expect(out.html).not.toContain(name.slice(0, 200));
  });

  it('applies the branding: colour on the buttons, logo, signature, legal footer', async () => {
    const out = await renderer.render(
      sampleReminderModel({
        branding: {
          colour: '#ff6600',
          logoUrl: 'https://cdn.example/logo.png',
          signature: 'Jeanne\nDirectrice',
          legalFooter: 'SAS au capital de 1 000 €',
        },
      }),
    );
    expect(out.html).toMatch(/background:#ff6600|background-color:#ff6600/i);
    expect(out.html).toContain('src="https://cdn.example/logo.png"');
    expect(out.text).toMatch(/Jeanne\nDirectrice/);
    expect(out.html).toContain('SAS au capital de 1 000 €');
  });

  it('falls back to English for a language without texts, and to the base language for a region', async () => {
    expect((await renderer.render(sampleReminderModel({ locale: 'de' }))).subject).toMatch(/^Second reminder/);
    expect((await renderer.render(sampleReminderModel({ locale: 'fr-BE' }))).subject).toMatch(/^Deuxième relance/);
  });
});

describe('a third language is one data file', () => {
  const en = JSON.parse(readFileSync(join(DEFAULT_TEMPLATES_DIR, 'locales/en.json'), 'utf8'));
  const fake = JSON.parse(JSON.stringify(en).replaceAll('Second reminder', 'Zweite Mahnung').replace('"en-GB"', '"de-DE"'));
  fake.locale = 'de';

  it('from a file in a folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relance-locale-'));
    writeFileSync(join(dir, 'de.json'), JSON.stringify(fake));
    const r = createRenderer({ localesDir: dir });
    expect(r.locales).toEqual(expect.arrayContaining(['en', 'fr', 'de']));
    const out = await r.render(sampleReminderModel({ locale: 'de', template: 'firm' }));
    expect(out.subject).toMatch(/^Zweite Mahnung/);
    expect(out.html).toContain('28. März 2026');
    expect(out.html).toContain('2.843,26 €');
  });

  it('from an object; a file missing a sentence is refused with its path', () => {
    expect(createRenderer({ locales: [fake] }).locales).toContain('de');
    const broken = structuredClone(fake);
    delete broken.templates.final.neutral.ask;
    expect(() => createRenderer({ locales: [broken] })).toThrow(/templates\.final\.neutral\.ask/);
  });
});

describe('hostile input', () => {
  it('escapes a contact named <script>alert(1)</script> everywhere in the HTML', async () => {
    const evil = '<script>alert(1)</script>';
    const model = sampleReminderModel({ customerName: evil, businessName: `"><img src=x onerror=alert(1)>`, senderName: evil });
    const out = await renderer.render({
      ...model,
      signature: evil,
      invoices: model.invoices.map((i) => ({ ...i, number: evil })),
      charges: { lines: [evil], totalLabel: evil },
    });
    expect(out.html).not.toMatch(/<script|<img src=x/i);
    expect(out.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(out.text).toContain(evil);
  });

  it('no value ever becomes markup or a tag (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 60 }), fc.string({ maxLength: 60 }), async (a, b) => {
        const name = `<x-evil>${a}{{paymentUrl}}${b}`;
        const out = await renderer.render(sampleReminderModel({ customerName: name, businessName: name }));
        expect(out.html).not.toContain('<x-evil');
        expect(out.html).not.toMatch(/&#123;&#123;paymentUrl&#125;&#125;[^<]*https:\/\/pay/);
        expect(out.subject).not.toMatch(/[\u0000-\u001f]/);
      }),
      { numRuns: 60 },
    );
  });

  it('refuses links that are not http(s)', async () => {
    const model = sampleReminderModel();
    await expect(renderer.render({ ...model, paymentUrl: 'javascript:alert(1)' })).rejects.toThrow(/only absolute http\(s\)/);
    await expect(renderer.render({ ...model, answerUrls: { ...model.answerUrls, dispute: 'data:text/html,x' } })).rejects.toThrow(
      /only absolute http\(s\)/,
    );
    const out = await renderer.render({ ...model, branding: { logoUrl: 'javascript:alert(1)' } });
    expect(out.html).not.toContain('javascript:');
  });

  it('strips CR, LF and other control characters from the subject', async () => {
    const model = sampleReminderModel({ template: 'courtesy', invoiceCount: 1 });
    const invoices = model.invoices.map((i) => ({ ...i, number: 'F-1\r\nBcc: victim@example.com\u0000' }));
    const out = await renderer.render({ ...model, invoices });
    expect(out.subject).not.toMatch(/[\r\n\u0000]/);
    expect(out.subject).toContain('F-1 Bcc: victim@example.com');
  });
});

describe('MJML strict validation is on', () => {
  it('a partial with invalid MJML makes render fail rather than send a broken email', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relance-templates-'));
    cpSync(DEFAULT_TEMPLATES_DIR, dir, { recursive: true });
    writeFileSync(join(dir, 'partials/friendly.mjml'), '<mj-section><mj-text>nested wrongly</mj-text></mj-section>\n');
    const r = createRenderer({ templatesDir: dir });
    await expect(r.render(sampleReminderModel({ template: 'friendly' }))).rejects.toThrow(/mj-section/);
    await expect(r.render(sampleReminderModel({ template: 'firm' }))).resolves.toBeTruthy();
  });
});

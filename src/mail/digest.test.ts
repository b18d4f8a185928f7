import { describe, expect, it } from 'vitest';
import type { CalendarDate } from '../core/calendar.ts';
import { money } from '../core/money.ts';
import { type DigestModel, digestItems, renderDigest } from './digest.ts';

const BASE = 'https://relance.test/orgs/o1';
const empty = (url: string) => ({ total: 0, lines: [], url });

function model(overrides: Partial<DigestModel> = {}): DigestModel {
  return {
    locale: 'en',
    businessName: 'Atelier Dupont',
    today: '2026-03-23' as CalendarDate,
    disputes: {
      total: 1,
      lines: [{ number: 'F-003', customer: 'Café <Lune>', amount: money(45_000, 'EUR'), detail: null }],
      url: `${BASE}/invoices?filter=disputed`,
    },
    brokenPromises: empty(`${BASE}/invoices?filter=broken-promise`),
    uncertain: empty(`${BASE}/outbox`),
    approvals: {
      total: 12,
      lines: [{ number: 'F-009', customer: 'Garage Durand', amount: null, detail: null }],
      url: `${BASE}/tasks`,
    },
    tasks: { calls: 2, letters: 0, url: `${BASE}/tasks` },
    connection: { level: 'urgent', on: '2026-03-27' as CalendarDate, ledgerName: 'Books', url: 'https://relance.test/connect/books' },
    settingsUrl: `${BASE}/settings`,
    ...overrides,
  };
}

describe('the owner’s digest email', () => {
  it('says what needs the owner, section by section, with links, in HTML (escaped) and text', () => {
    const m = model();
    expect(digestItems(m)).toBe(1 + 12 + 2 + 1);
    const r = renderDigest(m);
    expect(r.subject).toBe('relance: 16 things need you today (Atelier Dupont)');
    expect(r.text).toContain('Here is what needs you today, 23 Mar 2026, for Atelier Dupont.');
    expect(r.text).toContain('Your Books connection expires on 27 Mar 2026: reconnect before then');
    expect(r.text).toContain(
      'Open disputes (1)\nReminders stop for these invoices until you resolve the dispute.\n- F-003 · Café <Lune> · €450.00',
    );
    expect(r.text).toContain('Waiting for your approval (12)');
    expect(r.text).toContain('- and 11 more');
    expect(r.text).toContain('To do by hand: 2 calls to make, 0 letters to print or post.');
    expect(r.text).toContain(`Open in relance: ${BASE}/tasks`);
    expect(r.text).not.toContain('Broken promises');
    expect(r.html).toContain('Café &lt;Lune&gt;');
    expect(r.html).not.toContain('<Lune>');
    expect(r.html).toContain(`<a href="${BASE}/settings">Turn it off or change the hour</a>`);
  });

  it('speaks French', () => {
    const r = renderDigest(
      model({ locale: 'fr', connection: { level: 'needs-reconnect', on: null, ledgerName: 'Books', url: 'https://x.test' } }),
    );
    expect(r.subject).toBe('relance : 16 points à traiter aujourd’hui (Atelier Dupont)');
    expect(r.text).toContain('Contestations en cours (1)');
    expect(r.text).toContain('La connexion à Books ne fonctionne plus');
    expect(r.text).toContain('2 appels à passer, 0 courrier à imprimer ou poster');
    expect(r.html).toContain('<html lang="fr">');
  });

  it('counts nothing when all is well', () => {
    expect(
      digestItems(
        model({
          disputes: empty(BASE),
          approvals: empty(BASE),
          tasks: { calls: 0, letters: 0, url: BASE },
          connection: null,
        }),
      ),
    ).toBe(0);
  });
});

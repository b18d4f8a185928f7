import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMoney, money } from '../core/money.ts';
import { clip, escapeHtml, formatAmount, formatDate, htmlValue, oneLine } from './format.ts';
import type { CalendarDate } from '../core/calendar.ts';

describe('format', () => {
  it('formats amounts exactly like core formatMoney, for any safe amount (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
        fc.constantFrom('EUR', 'GBP', 'JPY', 'KWD', 'CHF'),
        fc.constantFrom('fr-FR', 'en-GB', 'de-DE'),
        (minor, currency, intl) => {
          expect(formatAmount(money(minor, currency), intl)).toBe(formatMoney(money(minor, currency), intl));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('formats calendar dates as the wall date, whatever the server zone', () => {
    expect(formatDate('2026-03-31' as CalendarDate, 'fr-FR', 'long')).toBe('31 mars 2026');
    expect(formatDate('2026-01-01' as CalendarDate, 'en-GB', 'medium')).toBe('1 Jan 2026');
  });

  it('clips with an ellipsis, at a word when one is near, never inside a surrogate pair (property)', () => {
    expect(clip('Atelier Lumen et Associés', 16)).toBe('Atelier Lumen…');
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.integer({ min: 2, max: 200 }), (s, max) => {
        const c = clip(s, max);
        expect(c.length).toBeLessThanOrEqual(Math.max(max, s.length <= max ? s.length : 0));
        if (s.length <= max) expect(c).toBe(s);
        else expect(c.endsWith('…')).toBe(true);
        expect(() => encodeURIComponent(c)).not.toThrow(); // a lone surrogate would throw
      }),
    );
  });

  it('makes header text one line', () => {
    expect(oneLine('a\r\nBcc: x@y.z\u0000\tb', 100)).toBe('a Bcc: x@y.z b');
  });

  it('escapes markup and template braces, and refuses non-http links in attributes', () => {
    expect(escapeHtml(`<a href="x">{{y}}</a>'`)).toBe('&lt;a href=&quot;x&quot;&gt;&#123;&#123;y&#125;&#125;&lt;/a&gt;&#39;');
    expect(htmlValue('https://pay.example/p?a=1&b=2', true)).toBe('https://pay.example/p?a=1&amp;b=2');
    for (const bad of ['javascript:alert(1)', ' https://x.y', 'https://x.y/"onmouseover=1', 'https://x .y', '//x.y']) {
      expect(() => htmlValue(bad, true), bad).toThrow(/only absolute http/);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { charges } from './fixtures.ts';
import { chargesWording } from './wording.ts';

/** Intl puts narrow no-break spaces in French amounts; compare on plain spaces. */
const plain = (w: Record<string, string | null>) =>
  Object.fromEntries(Object.entries(w).map(([k, v]) => [k, v?.replace(/[\u202f\u00a0]/g, ' ') ?? null]));

describe('chargesWording', () => {
  const fr = charges({ regime: 'FR', amount: '10000.00', due: '2025-03-31', asOf: '2025-04-30' });

  it('France, in French: the articles, the rate, the interest to date, the €40 and the total', () => {
    expect(plain(chargesWording(fr, 'fr'))).toEqual({
      legalBasis: expect.stringContaining('articles L441-10 et D441-5 du Code de commerce'),
      rate: 'Taux annuel appliqué : 13,15 % (taux de refinancement de la BCE majoré de 10 points).',
      interestToDate: 'Pénalités de retard au 30 avril 2025 : 108,08 € (30 jours de retard).',
      compensation: 'Indemnité forfaitaire pour frais de recouvrement : 40,00 €.',
      total: 'Total dû au 30 avril 2025 : 10 148,08 € (principal 10 000,00 € + pénalités 108,08 € + indemnité 40,00 €).',
    });
  });

  it('France, in English, with both half-years when the rate changed', () => {
    const w = chargesWording(charges({ regime: 'FR', amount: '10000.00', due: '2025-06-15', asOf: '2025-07-15' }), 'en');
    expect(w.legalBasis).toContain('articles L441-10 and D441-5 of the French Commercial Code');
    expect(w.rate).toBe('Annual rate: 13.15% from 16 June 2025, then 12.15% from 1 July 2025 (ECB main refinancing rate + 10 points).');
    expect(w.total).toBe('Total due on 15 July 2025: €10,143.97 (principal €10,000.00 + interest €103.97 + compensation €40.00).');
  });

  it('United Kingdom: the Act, a rate fixed for the life of the debt, the fixed sum', () => {
    const w = chargesWording(charges({ regime: 'UK', amount: '5000.00', due: '2025-06-20', asOf: '2025-08-19' }), 'en');
    expect(w.legalBasis).toContain('Late Payment of Commercial Debts (Interest) Act 1998');
    expect(w.rate).toBe('Annual rate: 12.75% (Bank of England base rate + 8 points, fixed for the life of the debt).');
    expect(w.interestToDate).toBe('Late-payment interest to 19 August 2025: £104.79 (60 days late).');
    expect(w.compensation).toBe('Fixed-sum compensation: £70.00.');
  });

  it('consumers: no B2B penalties, interest only from the notice', () => {
    const before = chargesWording(charges({ regime: 'FR', consumer: true, amount: '800.00', due: '2025-03-31', asOf: '2025-04-30' }), 'fr');
    expect(before.legalBasis).toContain('article 1344-1 du Code civil');
    expect(before.interestToDate).toBe("Aucun intérêt n'est dû avant une mise en demeure.");
    expect([before.rate, before.compensation]).toEqual([null, null]);
    const after = chargesWording(
      charges({ regime: 'FR', consumer: true, amount: '800.00', due: '2025-03-31', asOf: '2025-04-30', notice: '2025-04-15' }),
      'en',
    );
    expect(after.interestToDate).toMatch(/^Interest at the legal rate to 30 April 2025: €1\.22/); // 800 × 3.71 × 15 / 36500 = 1.2197… → 1.22
    expect(
      chargesWording(charges({ regime: 'UK', consumer: true, amount: '800.00', due: '2025-03-31', asOf: '2025-04-30' }), 'en').legalBasis,
    ).toBe('No statutory late-payment charges apply to this invoice.');
  });

  it('custom terms show the fee formula', () => {
    const r = charges({
      regime: 'custom',
      amount: '1000.00',
      due: '2025-03-31',
      asOf: '2025-04-30',
      custom: { fixedFee: '10.00', percentOfBalance: 1.5 },
    });
    expect(chargesWording(r, 'en').compensation).toBe('Late-payment fees: €25.00 (10.00 + 1.5% × 1000.00 = 25.00).');
    expect(chargesWording(r, 'fr').legalBasis).toBe(
      "Conformément à nos conditions de paiement, des frais de retard s'appliquent à cette facture.",
    );
  });
});

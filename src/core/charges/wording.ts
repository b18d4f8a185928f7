import { type CalendarDate, daysBetween } from '../calendar.ts';
import { type Money, add, formatMoney } from '../money.ts';
import type { ChargeResult, Regime } from './types.ts';

export type ChargesLocale = 'fr' | 'en';

/** The sentences a firm reminder, a final reminder and a formal notice need; null where there is nothing to say. */
export type ChargesWording = {
  legalBasis: string;
  rate: string | null;
  interestToDate: string;
  compensation: string | null;
  /** Principal still unpaid + interest + compensation. */
  total: string;
};

type Basis = { b2b: string; b2c: string | null };
type Texts = {
  basis: Record<Regime, Basis>;
  noLaw: string;
  rateFormula: Record<Regime, { b2b: string; b2c: string }>;
  contract: string;
  ratesFrom: (rate: string, from: string) => string;
  /** joins one rate period to the next */
  thenSeparator: string;
  rateSentence: (rates: string, formula: string) => string;
  interest: (consumer: boolean, asOf: string, amount: string, days: number) => string;
  noInterestBeforeNotice: string;
  compensation: (regime: Regime, amount: string, formulas: string) => string;
  total: (asOf: string, total: string, principal: string, interest: string, compensation: string) => string;
};

const fr: Texts = {
  basis: {
    FR: {
      b2b: "Conformément aux articles L441-10 et D441-5 du Code de commerce, des pénalités de retard sont dues de plein droit dès le lendemain de la date d'échéance, sans qu'un rappel soit nécessaire, ainsi qu'une indemnité forfaitaire pour frais de recouvrement de 40 €.",
      b2c: "Conformément à l'article 1344-1 du Code civil, des intérêts au taux légal courent à compter de la mise en demeure.",
    },
    UK: {
      b2b: 'En application du Late Payment of Commercial Debts (Interest) Act 1998 (Royaume-Uni), des intérêts légaux et une indemnité forfaitaire sont dus pour ce retard de paiement.',
      b2c: null,
    },
    DE: {
      b2b: 'En application des §§ 286 et 288 du Code civil allemand (BGB), des intérêts de retard et une indemnité forfaitaire de 40 € (Verzugspauschale) sont dus.',
      b2c: 'En application des §§ 286 et 288 al. 1 du Code civil allemand (BGB), des intérêts de retard courent à compter de la mise en demeure (Mahnung).',
    },
    IE: {
      b2b: 'En application des European Communities (Late Payment in Commercial Transactions) Regulations 2012 (Irlande), des intérêts légaux et une indemnité forfaitaire sont dus pour ce retard de paiement.',
      b2c: null,
    },
    EU: {
      b2b: "En application de la directive 2011/7/UE concernant la lutte contre le retard de paiement dans les transactions commerciales, des intérêts de retard et une indemnité forfaitaire d'au moins 40 € sont dus.",
      b2c: null,
    },
    custom: {
      b2b: "Conformément à nos conditions de paiement, des frais de retard s'appliquent à cette facture.",
      b2c: "Conformément à nos conditions de paiement, des frais de retard s'appliquent à cette facture.",
    },
  },
  noLaw: "Aucune pénalité légale de retard ne s'applique à cette facture.",
  rateFormula: {
    FR: { b2b: 'taux de refinancement de la BCE majoré de 10 points', b2c: "taux de l'intérêt légal" },
    UK: { b2b: "taux de base de la Banque d'Angleterre majoré de 8 points, fixé pour toute la durée de la dette", b2c: '' },
    DE: { b2b: 'taux de base (Basiszinssatz) majoré de 9 points', b2c: 'taux de base (Basiszinssatz) majoré de 5 points' },
    IE: { b2b: 'taux de la BCE majoré de 8 points', b2c: '' },
    EU: { b2b: 'taux de la BCE majoré de 8 points', b2c: '' },
    custom: {
      b2b: 'taux annuel de nos conditions, calculé au jour le jour',
      b2c: 'taux annuel de nos conditions, calculé au jour le jour',
    },
  },
  contract: 'taux convenu au contrat',
  ratesFrom: (rate, from) => `${rate} à compter du ${from}`,
  thenSeparator: ', puis ',
  rateSentence: (rates, formula) => `Taux annuel appliqué : ${rates} (${formula}).`,
  interest: (consumer, asOf, amount, days) =>
    `${consumer ? 'Intérêts au taux légal' : 'Pénalités de retard'} au ${asOf} : ${amount} (${days} jour${days > 1 ? 's' : ''} de retard).`,
  noInterestBeforeNotice: "Aucun intérêt n'est dû avant une mise en demeure.",
  compensation: (regime, amount, formulas) =>
    regime === 'custom' ? `Frais de retard : ${amount} (${formulas}).` : `Indemnité forfaitaire pour frais de recouvrement : ${amount}.`,
  total: (asOf, total, principal, interest, compensation) =>
    `Total dû au ${asOf} : ${total} (principal ${principal} + pénalités ${interest} + indemnité ${compensation}).`,
};

const en: Texts = {
  basis: {
    FR: {
      b2b: 'Under articles L441-10 and D441-5 of the French Commercial Code (Code de commerce), late-payment penalties are due from the day after the due date without any reminder, together with a fixed recovery indemnity of €40.',
      b2c: 'Under article 1344-1 of the French Civil Code, interest at the legal rate runs from the formal notice.',
    },
    UK: {
      b2b: 'Under the Late Payment of Commercial Debts (Interest) Act 1998, we are entitled to statutory interest and fixed-sum compensation on this late payment.',
      b2c: null,
    },
    DE: {
      b2b: 'Under §§ 286 and 288 of the German Civil Code (BGB), default interest and a flat fee of €40 (Verzugspauschale) are due.',
      b2c: 'Under §§ 286 and 288(1) of the German Civil Code (BGB), default interest runs from the reminder (Mahnung).',
    },
    IE: {
      b2b: 'Under the European Communities (Late Payment in Commercial Transactions) Regulations 2012, statutory interest and fixed compensation are due on this late payment.',
      b2c: null,
    },
    EU: {
      b2b: 'Under Directive 2011/7/EU on combating late payment in commercial transactions, late-payment interest and at least €40 compensation are due.',
      b2c: null,
    },
    custom: {
      b2b: 'Under our terms of payment, late-payment charges apply to this invoice.',
      b2c: 'Under our terms of payment, late-payment charges apply to this invoice.',
    },
  },
  noLaw: 'No statutory late-payment charges apply to this invoice.',
  rateFormula: {
    FR: { b2b: 'ECB main refinancing rate + 10 points', b2c: 'French legal interest rate' },
    UK: { b2b: 'Bank of England base rate + 8 points, fixed for the life of the debt', b2c: '' },
    DE: { b2b: 'base rate (Basiszinssatz) + 9 points', b2c: 'base rate (Basiszinssatz) + 5 points' },
    IE: { b2b: 'ECB reference rate + 8 points', b2c: '' },
    EU: { b2b: 'ECB reference rate + 8 points', b2c: '' },
    custom: { b2b: 'annual rate of our terms, accrued daily', b2c: 'annual rate of our terms, accrued daily' },
  },
  contract: 'rate agreed in our contract',
  ratesFrom: (rate, from) => `${rate} from ${from}`,
  thenSeparator: ', then ',
  rateSentence: (rates, formula) => `Annual rate: ${rates} (${formula}).`,
  interest: (consumer, asOf, amount, days) =>
    `${consumer ? 'Interest at the legal rate' : 'Late-payment interest'} to ${asOf}: ${amount} (${days} day${days > 1 ? 's' : ''} late).`,
  noInterestBeforeNotice: 'No interest is charged before a formal notice.',
  compensation: (regime, amount, formulas) =>
    regime === 'custom'
      ? `Late-payment fees: ${amount} (${formulas}).`
      : regime === 'UK'
        ? `Fixed-sum compensation: ${amount}.`
        : `Fixed recovery compensation: ${amount}.`,
  total: (asOf, total, principal, interest, compensation) =>
    `Total due on ${asOf}: ${total} (principal ${principal} + interest ${interest} + compensation ${compensation}).`,
};

const TEXTS: Record<ChargesLocale, Texts> = { fr, en };
const INTL: Record<ChargesLocale, string> = { fr: 'fr-FR', en: 'en-GB' };

export function chargesWording(result: ChargeResult, locale: ChargesLocale): ChargesWording {
  const t = TEXTS[locale];
  const intl = INTL[locale];
  const m = (x: Money) => formatMoney(x, intl);
  const date = (d: CalendarDate) => {
    const text = new Intl.DateTimeFormat(intl, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
      new Date(`${d}T00:00:00Z`),
    );
    return locale === 'fr' ? text.replace(/^1 /, '1er ') : text;
  };
  const pct = (r: string) =>
    new Intl.NumberFormat(intl, { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 4 }).format(Number(r) / 100);
  const kind = result.consumer ? 'b2c' : 'b2b';
  const basis = t.basis[result.regime][kind];
  const asOf = date(result.asOf);
  const owed = add(result.balance, result.total);

  const byRate = result.segments.filter((s, i, all) => i === 0 || all[i - 1]!.ratePercent !== s.ratePercent);
  const contract = result.segments.some((s) => s.rateSource.startsWith('contract rate'));
  const rates =
    byRate.length === 1
      ? pct(byRate[0]!.ratePercent)
      : byRate.map((s) => t.ratesFrom(pct(s.ratePercent), date(s.from))).join(t.thenSeparator);
  const daysLate = Math.max(0, daysBetween(result.dueDate, result.asOf));
  const noticeMissing =
    result.consumer && result.regime !== 'custom' && basis !== null && result.segments.length === 0 && result.balance.minor > 0;

  return {
    legalBasis: basis ?? t.noLaw,
    rate: byRate.length ? t.rateSentence(rates, contract ? t.contract : t.rateFormula[result.regime][kind]) : null,
    interestToDate: noticeMissing
      ? t.noInterestBeforeNotice
      : t.interest(result.consumer && result.regime !== 'custom', asOf, m(result.interest), daysLate),
    compensation:
      result.compensation.minor > 0
        ? t.compensation(result.regime, m(result.compensation), result.fees.map((f) => f.formula).join('; '))
        : null,
    total: t.total(asOf, m(owed), m(result.balance), m(result.interest), m(result.compensation)),
  };
}

/**
 * How the owner's pages speak French and English until every text moves to one catalogue (the languages issue): each
 * feature keeps its words in a `words.ts` beside its views, written once per language with the same keys — the type
 * makes a missing French key a compile error — and picks them with the organisation's locale.
 */
export type PageLanguage = 'en' | 'fr';

export const pageLanguage = (locale: string | null | undefined): PageLanguage => (locale?.toLowerCase().startsWith('fr') ? 'fr' : 'en');

// biome-ignore lint/suspicious/noExplicitAny: a word may be a phrase taking any arguments
type Words = Record<string, string | ((...args: any[]) => string)>;

/** A feature's words in both languages; `(locale) => words` in the page's language. */
export function wordsFor<W extends Words>(en: W, fr: { [K in keyof W]: W[K] }): (locale: string | null | undefined) => W {
  return (locale) => (pageLanguage(locale) === 'fr' ? fr : en);
}

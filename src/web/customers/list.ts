import type { CalendarDate } from '../../core/calendar.ts';
import { formatMoney, money } from '../../core/money.ts';
import type { PolicySet } from '../../core/policy.ts';
import { describeStep, formatDay } from '../../core/schedule/index.ts';
import type { CustomerQuery, ListFilter } from '../../core/store.ts';
import { html, type Html } from '../html.ts';
import { listWords } from './words.ts';

/** What the customers and invoices lists share: the GET form (so the URL keeps the query), money cells, paging. */

export const PAGE_SIZE = 50;
const FILTERS: readonly ListFilter[] = ['overdue', 'promised', 'disputed', 'paused', 'broken-promise'];
const SORTS = ['name', 'owed', 'overdue', 'next-action'] as const;
type Sort = (typeof SORTS)[number];

export type ListParams = {
  search: string;
  filter: ListFilter | null;
  sort: Sort;
  direction: 'asc' | 'desc';
  page: number;
  /** Invoices only: closed ones too. */
  all: boolean;
};

const oneOf = <T extends string>(options: readonly T[], value: string | undefined): T | null =>
  value !== undefined && (options as readonly string[]).includes(value) ? (value as T) : null;

/** A query string read leniently: an unknown value is the default, never an error (a list is only a view). */
export function listParams(query: Record<string, string | undefined>, defaultSort: Sort): ListParams {
  const sort = oneOf(SORTS, query.sort) ?? defaultSort;
  const page = Number.parseInt(query.page ?? '1', 10);
  return {
    search: (query.q ?? '').trim().slice(0, 100),
    filter: oneOf(FILTERS, query.filter),
    sort,
    direction: oneOf(['asc', 'desc'] as const, query.dir) ?? (sort === 'name' || sort === 'next-action' ? 'asc' : 'desc'),
    page: Number.isFinite(page) && page >= 1 ? Math.min(page, 10_000) : 1,
    all: query.all === '1',
  };
}

export function storeQuery(p: ListParams, today: CalendarDate): CustomerQuery {
  return {
    today,
    search: p.search || null,
    filter: p.filter,
    sort: p.sort,
    direction: p.direction,
    limit: PAGE_SIZE,
    offset: (p.page - 1) * PAGE_SIZE,
  };
}

function hrefOf(path: string, p: ListParams, page: number): string {
  const q = new URLSearchParams();
  if (p.search) q.set('q', p.search);
  if (p.filter) q.set('filter', p.filter);
  q.set('sort', p.sort);
  q.set('dir', p.direction);
  if (p.all) q.set('all', '1');
  if (page > 1) q.set('page', String(page));
  return `${path}?${q}`;
}

function options<T extends string>(values: readonly T[], current: string | null, label: (v: T) => string): Html[] {
  return values.map((v) => html`<option value="${v}"${v === current ? html` selected` : ''}>${label(v)}</option>`);
}

/** The search, filter and sort controls: a GET form, usable without a script. `extra`: more controls (the invoices' toggle). */
export function listControls(path: string, p: ListParams, locale: string, extra: Html | string = ''): Html {
  const w = listWords(locale);
  const sortLabel: Record<Sort, string> = { name: w.sortName, owed: w.sortOwed, overdue: w.sortOverdue, 'next-action': w.sortNext };
  return html`<form class="list-controls" method="get" action="${path}" role="search">
<div><label for="q">${w.search}</label><input id="q" name="q" type="search" value="${p.search}" placeholder="${w.searchHint}" aria-describedby="q-hint"><span id="q-hint" class="sr-only">${w.searchHint}</span></div>
<div><label for="filter">${w.filter}</label><select id="filter" name="filter"><option value="">${w.filterAll}</option>${options(FILTERS, p.filter, (f) => w[f])}</select></div>
<div><label for="sort">${w.sort}</label><select id="sort" name="sort">${options(SORTS, p.sort, (s) => sortLabel[s])}</select></div>
<div><label for="dir">${w.direction}</label><select id="dir" name="dir">${options(['asc', 'desc'] as const, p.direction, (d) => w[d])}</select></div>
${extra}<div class="list-buttons"><button>${w.apply}</button> <a href="${path}">${w.clear}</a></div></form>`;
}

export function pager(path: string, p: ListParams, shown: number, total: number, locale: string): Html {
  const w = listWords(locale);
  if (total === 0) return html`<p class="muted">${w.none}</p>`;
  // a page past the end (an old link, a list that shrank): say so and offer the first page
  if (shown === 0) return html`<p class="muted">${w.none} <a href="${hrefOf(path, p, 1)}">${w.first}</a></p>`;
  const from = (p.page - 1) * PAGE_SIZE + 1;
  const prev = p.page > 1 ? html`<a rel="prev" href="${hrefOf(path, p, p.page - 1)}">${w.previous}</a>` : '';
  const next = from + shown - 1 < total ? html`<a rel="next" href="${hrefOf(path, p, p.page + 1)}">${w.next}</a>` : '';
  return html`<nav class="pager" aria-label="${w.resultsLabel}"><span>${w.pageOf(from, from + Math.max(shown, 1) - 1, total)}</span> ${prev} ${next}</nav>`;
}

/** Amounts per currency, one per line: never summed across currencies. */
export function moneyLines(amounts: { currency: string; minor: number }[], locale: string): Html {
  const shown = amounts.filter((a) => a.minor !== 0);
  if (shown.length === 0) return html`<span class="muted">${listWords(locale).nothing}</span>`;
  return html`${shown.map((a, i) => html`${i > 0 ? html`<br>` : ''}<span class="amount">${formatMoney(money(a.minor, a.currency), locale)}</span>`)}`;
}

/**
 * The day of a next action: one already past is looked at on the planner's next run, so it reads as today (a freshly
 * synced invoice carries an early date until its first plan).
 */
export const nextDay = (date: CalendarDate, today: CalendarDate, locale: string): string => formatDay(date < today ? today : date, locale);

export const day = (date: CalendarDate | null | undefined, locale: string): string => (date ? formatDay(date, locale) : '—');

/** Promised, disputed, paused: words, not colours alone. */
export function badges(flags: { promised?: boolean; disputed?: boolean; paused?: boolean }, locale: string): Html {
  const w = listWords(locale);
  const shown = (['promised', 'disputed', 'paused'] as const).filter((f) => flags[f]);
  return html`${shown.map((f) => html`<span class="badge ${f}">${w[f]}</span> `)}`;
}

/** "firm reminder" for a step key of the organisation's policies (a repeat `final~2` reads as its step); else the key. */
export function stepName(policy: PolicySet, key: string | null | undefined, locale: string): string {
  if (!key) return '';
  const base = key.split('~')[0];
  const step = [policy.default, ...policy.rules.map((r) => r.policy)].flatMap((p) => p.steps).find((s) => s.key === base);
  return step ? describeStep(step, locale) : key;
}

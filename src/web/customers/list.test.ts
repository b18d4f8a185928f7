import { describe, expect, it } from 'vitest';
import type { CalendarDate } from '../../core/calendar.ts';
import { listParams, moneyLines, nextDay, PAGE_SIZE, pager, storeQuery } from './list.ts';

const today = '2026-03-04' as CalendarDate;

describe('list query', () => {
  it('reads the URL leniently: unknown values are the defaults', () => {
    expect(listParams({}, 'owed')).toEqual({ search: '', filter: null, sort: 'owed', direction: 'desc', page: 1, all: false });
    expect(listParams({ sort: 'name' }, 'owed').direction).toBe('asc');
    expect(listParams({ q: '  lumi ', filter: 'broken-promise', sort: 'overdue', dir: 'asc', page: '3', all: '1' }, 'owed')).toEqual({
      search: 'lumi',
      filter: 'broken-promise',
      sort: 'overdue',
      direction: 'asc',
      page: 3,
      all: true,
    });
    expect(listParams({ filter: 'constructor', sort: '__proto__', dir: 'up', page: '-2' }, 'next-action')).toMatchObject({
      filter: null,
      sort: 'next-action',
      direction: 'asc',
      page: 1,
    });
  });

  it('asks the store for one page', () => {
    expect(storeQuery(listParams({ page: '3', q: 'x' }, 'owed'), today)).toMatchObject({
      today,
      search: 'x',
      limit: PAGE_SIZE,
      offset: 2 * PAGE_SIZE,
    });
  });

  it('pages with links that keep the query', () => {
    const p = listParams({ q: 'café', filter: 'overdue', sort: 'name', page: '2' }, 'owed');
    const html = String(pager('/orgs/o/customers', p, PAGE_SIZE, 120, 'en'));
    expect(html).toContain('51–100 of 120');
    expect(html).toContain('rel="prev" href="/orgs/o/customers?q=caf%C3%A9&amp;filter=overdue&amp;sort=name&amp;dir=asc"');
    expect(html).toContain('page=3');
    const last = String(pager('/orgs/o/customers', { ...p, page: 3 }, 20, 120, 'en'));
    expect(last).toContain('101–120 of 120');
    expect(last).not.toContain('rel="next"');
  });
});

describe('cells', () => {
  it('shows each currency on its own line, never summed', () => {
    const html = String(
      moneyLines(
        [
          { currency: 'EUR', minor: 30_000 },
          { currency: 'GBP', minor: 50_000 },
          { currency: 'USD', minor: 0 },
        ],
        'en',
      ),
    );
    expect(html).toBe('<span class="amount">€300.00</span><br><span class="amount">£500.00</span>');
  });

  it('reads a next action already past as today', () => {
    expect(nextDay('2025-02-01' as CalendarDate, today, 'en')).toBe('4 Mar 2026');
    expect(nextDay('2026-03-10' as CalendarDate, today, 'fr')).toBe('10 mars 2026');
  });
});

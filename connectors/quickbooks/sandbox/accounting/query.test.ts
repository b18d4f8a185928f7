import { describe, expect, it } from 'vitest';
import { parseQuery, QueryError, runQuery } from './query.ts';

const invoices = [
  {
    Id: '3',
    DocNumber: '1003',
    TxnDate: '2026-01-10',
    Balance: 0,
    TotalAmt: 50,
    CustomerRef: { value: '9', name: 'Cool Cars' },
    MetaData: { LastUpdatedTime: '2026-02-01T10:00:00-08:00' },
  },
  {
    Id: '10',
    DocNumber: '1010',
    TxnDate: '2026-02-10',
    Balance: 120.5,
    TotalAmt: 120.5,
    CustomerRef: { value: '8', name: 'Bill' },
    MetaData: { LastUpdatedTime: '2026-02-20T10:00:00-08:00' },
  },
  {
    Id: '4',
    DocNumber: 'A-7',
    TxnDate: '2026-03-01',
    Balance: 30,
    TotalAmt: 60,
    CustomerRef: { value: '9', name: 'Cool Cars' },
    MetaData: { LastUpdatedTime: '2026-03-02T01:00:00-08:00' },
  },
];
const ids = (text: string) => {
  const r = runQuery(parseQuery(text), invoices);
  return r.kind === 'rows' ? r.rows.map((e) => e.Id) : r.totalCount;
};

describe('QuickBooks query language', () => {
  it('selects, filters with AND, orders and pages, keywords in any case', () => {
    expect(ids('select * from Invoice')).toEqual(['3', '4', '10']);
    expect(ids("SELECT * FROM invoice WHERE Balance > '0' ORDERBY TxnDate DESC")).toEqual(['4', '10']);
    expect(ids("select * from Invoice where CustomerRef = '9' and TxnDate >= '2026-02-01'")).toEqual(['4']);
    expect(ids("select * from Invoice where DocNumber in ('1003', 'A-7') order by DocNumber desc")).toEqual(['4', '3']);
    expect(ids("select * from Invoice where DocNumber like '10%'")).toEqual(['3', '10']);
    expect(ids('select * from Invoice startposition 2 maxresults 1')).toEqual(['4']);
    expect(ids("select count(*) from Invoice where Balance <= '30'")).toBe(2);
    expect(ids("select * from Invoice where Id > '4'")).toEqual(['10']);
  });

  it('compares timestamps as instants, whatever their offset', () => {
    expect(ids("select * from Invoice where MetaData.LastUpdatedTime > '2026-03-02T08:30:00Z'")).toEqual(['4']);
    expect(ids("select * from Invoice where MetaData.LastUpdatedTime > '2026-03-02T09:30:00Z'")).toEqual([]);
  });

  it('projects selected properties and marks them sparse', () => {
    const r = runQuery(parseQuery('select Id, Balance from Invoice maxresults 1'), invoices);
    expect(r.kind === 'rows' && r.rows[0]).toMatchObject({ Id: '3', Balance: 0, sparse: true });
    expect(r.kind === 'rows' && r.rows[0]!.DocNumber).toBeUndefined();
  });

  it.each([
    ['select * from Widget', /Invalid entity/],
    ['select * from Invoice where Colour = 1', /not queryable/],
    ["select * from Invoice where Balance > '0' or TotalAmt > '1'", /OR/],
    ['select * from Invoice maxresults 1001', /1000/],
    ["select * from Invoice where DocNumber = 'open", /unterminated/],
    ['select from Invoice', /FROM/],
    ['delete from Invoice', /SELECT/],
  ])('refuses %s', (text, why) => {
    expect(() => parseQuery(text)).toThrow(QueryError);
    expect(() => parseQuery(text)).toThrow(why);
  });
});

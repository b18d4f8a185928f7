import { isFixed, parseInstant } from '../format.ts';

/**
 * The `where` and `order` query parameters, for the forms clients really send: comparisons joined by AND/OR
 * (`Type=="ACCREC" AND Status!="DRAFT"`, `Contact.ContactID==Guid("…")`, `Date>=DateTime(2026,01,01)`, `AmountDue>0`),
 * evaluated against the record's Xero JSON so every field Xero shows can be filtered on.
 */

type Json = Record<string, unknown>;
export type Predicate = (record: Json) => boolean;

/** Xero answers a where it cannot read with a 400 QueryParseException. */
export class QueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueryError';
  }
}

const CLAUSE = /^([A-Za-z][\w.]*)\s*(==|!=|>=|<=|=|>|<)\s*(.+)$/;

function splitOutsideQuotes(text: string, separators: RegExp): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === '"') quoted = !quoted;
    if (!quoted) {
      const m = separators.exec(text.slice(i));
      if (m && m.index === 0) {
        parts.push(current);
        current = '';
        i += m[0].length - 1;
        continue;
      }
    }
    current += ch;
  }
  parts.push(current);
  return parts.map((p) => p.trim());
}

type Value = string | number | boolean | null;

function parseValue(text: string): { value: Value; kind: 'string' | 'guid' | 'date' | 'number' | 'boolean' | 'null' } {
  const t = text.trim();
  let m = /^"(.*)"$/.exec(t);
  if (m) return { value: m[1] as string, kind: 'string' };
  m = /^Guid\("([0-9a-fA-F-]{36})"\)$/i.exec(t);
  if (m) return { value: (m[1] as string).toLowerCase(), kind: 'guid' };
  m = /^DateTime\((\d{4})\s*,\s*(\d{1,2})\s*,\s*(\d{1,2})(?:\s*,\s*(\d{1,2})\s*,\s*(\d{1,2})\s*,\s*(\d{1,2}))?\)$/i.exec(t);
  if (m) {
    const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0)) as number[];
    return { value: Date.UTC(y as number, (mo as number) - 1, d, h, mi, s), kind: 'date' };
  }
  if (/^-?\d+(\.\d+)?$/.test(t)) return { value: Number(t), kind: 'number' };
  if (/^(true|false)$/i.test(t)) return { value: t.toLowerCase() === 'true', kind: 'boolean' };
  if (/^null$/i.test(t)) return { value: null, kind: 'null' };
  throw new QueryError(`Unrecognised value in where clause: ${t}`);
}

function fieldValue(record: Json, path: string): unknown {
  let v: unknown = record;
  for (const key of path.split('.')) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Json)[key];
  }
  return isFixed(v) ? v.value : v;
}

function comparable(field: unknown, kind: string): Value | undefined {
  if (field === undefined) return undefined;
  if (kind === 'date' && typeof field === 'string') return parseInstant(field) ?? undefined;
  if (kind === 'guid' && typeof field === 'string') return field.toLowerCase();
  return field as Value;
}

function clause(text: string): Predicate {
  const m = CLAUSE.exec(text.trim());
  if (!m) throw new QueryError(`Unrecognised where clause: ${text}`);
  const [, path, op, raw] = m as unknown as [string, string, string, string];
  const { value, kind } = parseValue(raw);
  return (record) => {
    const field = comparable(fieldValue(record, path), kind);
    switch (op) {
      case '==':
      case '=':
        return field === value;
      case '!=':
        return field !== value;
      default: {
        if (field === undefined || field === null || value === null) return false;
        if (op === '>') return field > value;
        if (op === '<') return field < value;
        if (op === '>=') return field >= value;
        return field <= value;
      }
    }
  };
}

/** AND binds tighter than OR, as in Xero's (LINQ) filters. Parentheses are not supported. */
export function parseWhere(text: string | undefined): Predicate {
  if (!text?.trim()) return () => true;
  if (/[()]/.test(text.replace(/"[^"]*"/g, '').replace(/\b(Guid|DateTime)\([^)]*\)/gi, ''))) {
    throw new QueryError('Parentheses in where clauses are not supported by the sandbox');
  }
  const anyOf = splitOutsideQuotes(text, /^(\s+OR\s+|\s*\|\|\s*)/i).map((group) =>
    splitOutsideQuotes(group, /^(\s+AND\s+|\s*&&\s*)/i).map(clause),
  );
  return (record) => anyOf.some((all) => all.every((p) => p(record)));
}

function sortKey(v: unknown): string | number {
  if (isFixed(v)) return v.value;
  if (typeof v === 'string') return parseInstant(v) !== null && v.startsWith('/Date(') ? (parseInstant(v) as number) : v.toLowerCase();
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return '';
}

/** `order=InvoiceNumber ASC, Date DESC`. */
export function parseOrder(text: string | undefined): ((a: Json, b: Json) => number) | null {
  if (!text?.trim()) return null;
  const keys = text.split(',').map((part) => {
    const [path = '', dir = 'ASC'] = part.trim().split(/\s+/);
    if (!/^[A-Za-z][\w.]*$/.test(path) || !/^(ASC|DESC)$/i.test(dir)) throw new QueryError(`Unrecognised order: ${part}`);
    return { path, sign: dir.toUpperCase() === 'DESC' ? -1 : 1 };
  });
  return (a, b) => {
    for (const { path, sign } of keys) {
      const x = sortKey(fieldValue(a, path));
      const y = sortKey(fieldValue(b, path));
      if (x < y) return -sign;
      if (x > y) return sign;
    }
    return 0;
  };
}

/** Comma-joined list parameters (`IDs=a,b`), possibly repeated; quotes tolerated as in Xero's examples. */
export function listParam(params: URLSearchParams, name: string): string[] | null {
  const key = [...params.keys()].find((k) => k.toLowerCase() === name.toLowerCase());
  if (!key) return null;
  return params
    .getAll(key)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim().replace(/^"|"$/g, ''))
    .filter(Boolean);
}

export function param(params: URLSearchParams, name: string): string | undefined {
  const key = [...params.keys()].find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : (params.get(key) ?? undefined);
}

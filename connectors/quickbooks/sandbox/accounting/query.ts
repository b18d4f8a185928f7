import { ENTITIES, type EntityName, type Json } from '../state.ts';
import { canonicalField } from './fields.ts';

/**
 * QuickBooks' query language, the documented subset: `SELECT * | COUNT(*) | a, b FROM Entity [WHERE c AND c…]
 * [ORDERBY f [ASC|DESC], …] [STARTPOSITION n] [MAXRESULTS n]`, with =, <, >, <=, >=, IN (…) and LIKE ('%' wildcard).
 * There is no OR, no parentheses around conditions, no joins. Keywords are case-insensitive.
 */

export type Op = '=' | '<' | '>' | '<=' | '>=' | 'IN' | 'LIKE';
export type Condition = { field: string; op: Op; values: string[] };
export type Query = {
  count: boolean;
  fields: string[] | null;
  entity: EntityName;
  where: Condition[];
  orderBy: { field: string; desc: boolean }[];
  startPosition: number;
  maxResults: number;
};

export const MAX_RESULTS = 1000;
const DEFAULT_RESULTS = 100;

export class QueryError extends Error {}

type Token = { kind: 'word' | 'string' | 'number' | 'punct'; text: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new QueryError('unterminated string literal');
        if (text[i] === '\\' && text[i + 1] === "'") {
          value += "'";
          i += 2;
        } else if (text[i] === "'") {
          i++;
          break;
        } else value += text[i++];
      }
      tokens.push({ kind: 'string', text: value });
    } else if (/[0-9-]/.test(ch) && /^-?\d/.test(text.slice(i, i + 2))) {
      const m = /^-?\d+(\.\d+)?/.exec(text.slice(i))!;
      tokens.push({ kind: 'number', text: m[0] });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(ch)) {
      const m = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(text.slice(i))!;
      tokens.push({ kind: 'word', text: m[0] });
      i += m[0].length;
    } else {
      const two = text.slice(i, i + 2);
      const p = ['<=', '>=', '!='].includes(two) ? two : ch;
      if (!['<=', '>=', '!=', '=', '<', '>', '(', ')', ',', '*'].includes(p)) throw new QueryError(`unexpected character "${ch}"`);
      tokens.push({ kind: 'punct', text: p });
      i += p.length;
    }
  }
  return tokens;
}

export function parseQuery(text: string): Query {
  const t = tokenize(text);
  let pos = 0;
  const peek = (): Token | undefined => t[pos];
  const isWord = (w: string): boolean => peek()?.kind === 'word' && peek()!.text.toUpperCase() === w;
  const expectWord = (w: string): void => {
    if (!isWord(w)) throw new QueryError(`expected ${w}, found ${peek()?.text ?? 'end of query'}`);
    pos++;
  };
  const expectPunct = (p: string): void => {
    if (peek()?.kind !== 'punct' || peek()!.text !== p) throw new QueryError(`expected "${p}", found ${peek()?.text ?? 'end of query'}`);
    pos++;
  };
  const word = (what: string): string => {
    const tok = t[pos++];
    if (tok?.kind !== 'word') throw new QueryError(`expected ${what}, found ${tok?.text ?? 'end of query'}`);
    return tok.text;
  };

  expectWord('SELECT');
  let count = false;
  let rawFields: string[] | null = null;
  if (peek()?.text === '*') pos++;
  else if (isWord('COUNT')) {
    pos++;
    expectPunct('(');
    expectPunct('*');
    expectPunct(')');
    count = true;
  } else {
    rawFields = [word('a property')];
    while (peek()?.text === ',') {
      pos++;
      rawFields.push(word('a property'));
    }
  }
  expectWord('FROM');
  const entityName = word('an entity');
  const entity = ENTITIES.find((e) => e.toLowerCase() === entityName.toLowerCase());
  if (!entity) throw new QueryError(`Invalid entity name: ${entityName}`);
  const field = (name: string): string => {
    const f = canonicalField(entity, name);
    if (!f) throw new QueryError(`property '${name}' is not queryable`);
    return f;
  };
  const fields = rawFields?.map(field) ?? null;

  const where: Condition[] = [];
  if (isWord('WHERE')) {
    pos++;
    do {
      if (isWord('AND')) pos++;
      const f = field(word('a property'));
      const tok = t[pos++];
      let op: Op;
      if (tok?.kind === 'punct' && ['=', '<', '>', '<=', '>='].includes(tok.text)) op = tok.text as Op;
      else if (tok?.kind === 'word' && ['IN', 'LIKE'].includes(tok.text.toUpperCase())) op = tok.text.toUpperCase() as Op;
      else throw new QueryError(`expected an operator after ${f}, found ${tok?.text ?? 'end of query'}`);
      const literal = (): string => {
        const v = t[pos++];
        if (v?.kind === 'string' || v?.kind === 'number') return v.text;
        if (v?.kind === 'word' && ['TRUE', 'FALSE'].includes(v.text.toUpperCase())) return v.text.toLowerCase();
        throw new QueryError(`expected a value, found ${v?.text ?? 'end of query'}`);
      };
      const values: string[] = [];
      if (op === 'IN') {
        expectPunct('(');
        values.push(literal());
        while (peek()?.text === ',') {
          pos++;
          values.push(literal());
        }
        expectPunct(')');
      } else values.push(literal());
      where.push({ field: f, op, values });
    } while (isWord('AND'));
    if (isWord('OR')) throw new QueryError('OR is not supported');
  }

  const orderBy: Query['orderBy'] = [];
  if (isWord('ORDERBY') || isWord('ORDER')) {
    if (isWord('ORDER')) {
      pos++;
      expectWord('BY');
    } else pos++;
    do {
      if (peek()?.text === ',') pos++;
      const f = field(word('a property'));
      let desc = false;
      if (isWord('DESC') || isWord('ASC')) desc = t[pos++]!.text.toUpperCase() === 'DESC';
      orderBy.push({ field: f, desc });
    } while (peek()?.text === ',');
  }

  let startPosition = 1;
  let maxResults = DEFAULT_RESULTS;
  while (isWord('STARTPOSITION') || isWord('MAXRESULTS')) {
    const which = word('').toUpperCase();
    const n = t[pos++];
    if (n?.kind !== 'number' || !/^\d+$/.test(n.text)) throw new QueryError(`${which} needs a positive integer`);
    const v = Number(n.text);
    if (which === 'STARTPOSITION') startPosition = Math.max(1, v);
    else {
      if (v > MAX_RESULTS) throw new QueryError(`MAXRESULTS must be ${MAX_RESULTS} or fewer`);
      maxResults = v;
    }
  }
  if (pos < t.length) throw new QueryError(`unexpected "${t[pos]!.text}"`);
  return { count, fields, entity, where, orderBy, startPosition, maxResults };
}

/** The value a property compares by: a reference by its `value`, an email address by its `Address`. */
function valueAt(e: Json, path: string): unknown {
  let v: unknown = e;
  for (const part of path.split('.')) {
    if (Array.isArray(v)) v = v[0];
    v = v && typeof v === 'object' ? (v as Json)[part] : undefined;
  }
  if (Array.isArray(v)) v = v[0];
  if (v && typeof v === 'object') v = 'value' in v ? (v as Json).value : (v as Json).Address;
  return v;
}

const DATETIME = /^\d{4}-\d{2}-\d{2}T/;

/** -1, 0, 1; numbers as numbers, timestamps as instants (a bare date literal is midnight UTC: a guess), text as text. */
function compare(actual: unknown, literal: string, field: string): number {
  // Ids are digit strings that order as numbers ('9' < '10'), as QuickBooks orders them.
  if (typeof actual === 'number' || (field === 'Id' && /^\d+$/.test(String(actual)) && /^\d+$/.test(literal))) {
    return Math.sign(Number(actual) - Number(literal));
  }
  const a = String(actual);
  if (DATETIME.test(a)) return Math.sign(Date.parse(a) - Date.parse(literal));
  return a < literal ? -1 : a > literal ? 1 : 0;
}

function matches(e: Json, c: Condition): boolean {
  const actual = valueAt(e, c.field);
  if (actual === undefined || actual === null) return false;
  const [first = ''] = c.values;
  switch (c.op) {
    case '=':
      return compare(actual, first, c.field) === 0;
    case '<':
      return compare(actual, first, c.field) < 0;
    case '>':
      return compare(actual, first, c.field) > 0;
    case '<=':
      return compare(actual, first, c.field) <= 0;
    case '>=':
      return compare(actual, first, c.field) >= 0;
    case 'IN':
      return c.values.some((v) => compare(actual, v, c.field) === 0);
    case 'LIKE': {
      const re = new RegExp(
        `^${first
          .split('%')
          .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
          .join('.*')}$`,
        'i',
      );
      return re.test(String(actual));
    }
  }
}

export type QueryResult = { kind: 'count'; totalCount: number } | { kind: 'rows'; rows: Json[]; startPosition: number };

export function runQuery(q: Query, entities: Iterable<Json>): QueryResult {
  const hits = [...entities].filter((e) => q.where.every((c) => matches(e, c)));
  if (q.count) return { kind: 'count', totalCount: hits.length };
  const order = q.orderBy.length > 0 ? q.orderBy : [{ field: 'Id', desc: false }];
  hits.sort((a, b) => {
    for (const o of order) {
      const x = valueAt(a, o.field);
      const y = valueAt(b, o.field);
      const c =
        o.field === 'Id'
          ? Number(x) - Number(y)
          : typeof x === 'number' && typeof y === 'number'
            ? x - y
            : String(x ?? '').localeCompare(String(y ?? ''));
      if (c !== 0) return o.desc ? -c : c;
    }
    return 0;
  });
  const page = hits.slice(q.startPosition - 1, q.startPosition - 1 + q.maxResults);
  const rows = q.fields ? page.map((e) => project(e, q.fields!)) : page;
  return { kind: 'rows', rows, startPosition: q.startPosition };
}

/** `select a, b`: QuickBooks still sends Id, SyncToken and MetaData, and marks the object sparse. */
function project(e: Json, fields: string[]): Json {
  const out: Json = { Id: e.Id, SyncToken: e.SyncToken, MetaData: e.MetaData, domain: e.domain, sparse: true };
  for (const f of fields) {
    const top = f.split('.')[0]!;
    if (e[top] !== undefined) out[top] = e[top];
  }
  return out;
}

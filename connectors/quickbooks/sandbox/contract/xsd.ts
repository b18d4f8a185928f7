/**
 * A small reader of Intuit's XSD: named complex types (their elements, attributes and base type) and named simple
 * types (their base). Enough to check that a JSON object uses only the element names of its type, with compatible
 * values. Not a general XML parser: it scans `<xs:…>` tags and keeps a stack of open complex types, so elements of an
 * anonymous nested type are not mistaken for the named type's own.
 */
export type Field = { type: string | null; many: boolean };
export type ComplexType = {
  name: string;
  base: string | null;
  fields: Map<string, Field>;
  attributes: Set<string>;
  simpleContent: boolean;
};
export type Schema = { complex: Map<string, ComplexType>; simple: Map<string, string> };

const attr = (text: string, name: string): string | null => new RegExp(`\\b${name}="([^"]*)"`).exec(text)?.[1] ?? null;

export function readSchema(sources: string[]): Schema {
  const complex = new Map<string, ComplexType>();
  const simple = new Map<string, string>();
  for (const source of sources) {
    const stack: (ComplexType | null)[] = [];
    let simpleName: string | null = null;
    const text = source.replace(/<!--[\s\S]*?-->/g, '');
    for (const m of text.matchAll(/<(\/?)xs:(\w+)([^>]*?)(\/?)>/g)) {
      const [, closing, tag, attrs = '', selfClosing] = m;
      const top = stack.at(-1) ?? null;
      if (tag === 'complexType') {
        if (closing) stack.pop();
        else if (!selfClosing) {
          const name = attr(attrs, 'name');
          const t =
            name && stack.length === 0
              ? { name, base: null, fields: new Map(), attributes: new Set<string>(), simpleContent: false }
              : null;
          if (t) complex.set(t.name, t);
          stack.push(t);
        }
      } else if (tag === 'simpleType' && !closing) {
        simpleName = stack.length === 0 ? attr(attrs, 'name') : null;
      } else if (tag === 'simpleType' && closing) {
        simpleName = null;
      } else if ((tag === 'extension' || tag === 'restriction') && !closing) {
        const base = attr(attrs, 'base');
        if (simpleName && base) simple.set(simpleName, base);
        else if (top && stack.length === 1 && base) top.base = base;
      } else if (tag === 'simpleContent' && !closing && top) {
        top.simpleContent = true;
      } else if (tag === 'element' && !closing && top && stack.length === 1) {
        const name = attr(attrs, 'name');
        if (name) top.fields.set(name, { type: attr(attrs, 'type'), many: attr(attrs, 'maxOccurs') === 'unbounded' });
      } else if (tag === 'attribute' && !closing && top && stack.length === 1) {
        const name = attr(attrs, 'name');
        if (name) top.attributes.add(name);
      }
    }
  }
  return { complex, simple };
}

/** The type and its bases, most derived first. */
function chain(schema: Schema, name: string): ComplexType[] {
  const out: ComplexType[] = [];
  let t = schema.complex.get(name);
  while (t) {
    out.push(t);
    t = t.base ? schema.complex.get(t.base) : undefined;
  }
  return out;
}

const NUMBER = new Set(['xs:decimal', 'xs:int', 'xs:long', 'xs:integer', 'xs:positiveInteger', 'xs:double', 'xs:float', 'xs:short']);
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Every problem with `value` as an instance of `typeName`, each as `path: what`. */
export function check(schema: Schema, typeName: string, value: unknown, path: string): string[] {
  let builtin = typeName;
  while (!builtin.startsWith('xs:') && schema.simple.has(builtin)) builtin = schema.simple.get(builtin)!;
  if (builtin.startsWith('xs:')) return checkBuiltin(builtin, value, path);
  const types = chain(schema, typeName);
  if (types.length === 0) return [`${path}: unknown type ${typeName}`];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [`${path}: expected an object of ${typeName}`];
  const problems: string[] = [];
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const here = `${path}.${key}`;
    if (types.some((t) => t.attributes.has(key))) continue;
    if (key === 'value' && types.some((t) => t.simpleContent)) {
      const base = types.find((t) => t.simpleContent)?.base ?? 'xs:string';
      problems.push(...check(schema, base, v, here));
      continue;
    }
    const field = types.map((t) => t.fields.get(key)).find((f) => f !== undefined);
    if (!field) {
      problems.push(`${here}: not an element of ${typeName}`);
      continue;
    }
    if (field.type === null) continue; // an inline anonymous type: its name is checked, its shape is not
    if (Array.isArray(v)) {
      if (!field.many) problems.push(`${here}: a list, but ${typeName}.${key} occurs once`);
      v.forEach((item, i) => problems.push(...check(schema, field.type!, item, `${here}[${i}]`)));
    } else problems.push(...check(schema, field.type, v, here));
  }
  return problems;
}

function checkBuiltin(type: string, v: unknown, path: string): string[] {
  const bad = (what: string) => [`${path}: expected ${what} (${type}), got ${JSON.stringify(v)}`];
  if (NUMBER.has(type)) return typeof v === 'number' ? [] : bad('a number');
  if (type === 'xs:boolean') return typeof v === 'boolean' ? [] : bad('a boolean');
  if (type === 'xs:date') return typeof v === 'string' && DATE.test(v) ? [] : bad('a date');
  if (type === 'xs:dateTime') return typeof v === 'string' && DATETIME.test(v) ? [] : bad('a date-time');
  return typeof v === 'string' ? [] : bad('a string');
}

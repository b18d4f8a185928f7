/**
 * A logic-less template language (a subset of Mustache): `{{name}}`, `{{a.b}}`, `{{.}}`, sections `{{#name}}…{{/name}}`
 * (arrays repeat, truthy values render once, objects become the context) and inverted sections `{{^name}}…{{/name}}`.
 * There is deliberately no unescaped form: every value goes through the escaper the caller gives. A value written in an
 * `href="…"` or `src="…"` attribute is marked as a URL so the escaper can refuse anything but http(s).
 *
 * Templates are parsed once into nodes; rendering walks them without ever re-reading a substituted value, so a value
 * containing `{{…}}` is text, never a tag.
 */
export type TemplateNode =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'var'; readonly path: readonly string[]; readonly url: boolean }
  | { readonly kind: 'section'; readonly path: readonly string[]; readonly inverted: boolean; readonly children: readonly TemplateNode[] };

export type Delimiters = { readonly open: string; readonly close: string };
export const RUNTIME: Delimiters = { open: '{{', close: '}}' };

/** How a value is written out. `url` is true in href/src attributes. */
export type Escaper = (value: string, url: boolean) => string;

const URL_ATTRIBUTE = /(?:href|src)\s*=\s*["']$/i;
const NAME = /^(?:\.|[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*)$/;

function pathOf(name: string, where: number): string[] {
  if (!NAME.test(name)) throw new SyntaxError(`template: "${name}" is not a valid tag name (at ${where})`);
  return name === '.' ? ['.'] : name.split('.');
}

export function parseTemplate(source: string, d: Delimiters = RUNTIME): TemplateNode[] {
  const root: TemplateNode[] = [];
  const stack: { name: string; nodes: TemplateNode[]; inverted: boolean; at: number }[] = [];
  let nodes = root;
  let pos = 0;
  while (pos < source.length) {
    const start = source.indexOf(d.open, pos);
    if (start < 0) break;
    const end = source.indexOf(d.close, start + d.open.length);
    if (end < 0) throw new SyntaxError(`template: unclosed tag at ${start}`);
    if (start > pos) nodes.push({ kind: 'text', text: source.slice(pos, start) });
    const tag = source.slice(start + d.open.length, end).trim();
    const sigil = tag[0];
    if (sigil === '#' || sigil === '^') {
      const name = tag.slice(1).trim();
      pathOf(name, start);
      const children: TemplateNode[] = [];
      stack.push({ name, nodes, inverted: sigil === '^', at: start });
      nodes = children;
    } else if (sigil === '/') {
      const name = tag.slice(1).trim();
      const open = stack.pop();
      if (!open || open.name !== name)
        throw new SyntaxError(`template: {{/${name}}} at ${start} closes ${open ? `{{#${open.name}}}` : 'nothing'}`);
      open.nodes.push({ kind: 'section', path: pathOf(name, open.at), inverted: open.inverted, children: nodes });
      nodes = open.nodes;
    } else {
      const before = source.slice(Math.max(0, start - 12), start);
      nodes.push({ kind: 'var', path: pathOf(tag, start), url: URL_ATTRIBUTE.test(before) });
    }
    pos = end + d.close.length;
  }
  const unclosed = stack.pop();
  if (unclosed) throw new SyntaxError(`template: {{#${unclosed.name}}} at ${unclosed.at} is never closed`);
  if (pos < source.length) nodes.push({ kind: 'text', text: source.slice(pos) });
  return mergeText(root);
}

function mergeText(nodes: TemplateNode[]): TemplateNode[] {
  const out: TemplateNode[] = [];
  for (const n of nodes) {
    const last = out[out.length - 1];
    if (n.kind === 'text' && last?.kind === 'text') out[out.length - 1] = { kind: 'text', text: last.text + n.text };
    else out.push(n.kind === 'section' ? { ...n, children: mergeText([...n.children]) } : n);
  }
  return out;
}

function lookup(stack: readonly unknown[], path: readonly string[]): unknown {
  if (path[0] === '.') return stack[stack.length - 1];
  const [head, ...rest] = path as [string, ...string[]];
  for (let i = stack.length - 1; i >= 0; i--) {
    const ctx = stack[i];
    if (ctx !== null && typeof ctx === 'object' && Object.hasOwn(ctx, head)) {
      let value: unknown = (ctx as Record<string, unknown>)[head];
      for (const key of rest)
        value =
          value !== null && typeof value === 'object' && Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
      return value;
    }
  }
  return undefined;
}

// String concatenation (V8 ropes, flattened once by the caller) beats push + join for a few hundred pieces.
function walk(nodes: readonly TemplateNode[], stack: unknown[], escapeValue: Escaper): string {
  let out = '';
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!;
    if (node.kind === 'text') out += node.text;
    else if (node.kind === 'var') {
      const value = lookup(stack, node.path);
      if (value !== undefined && value !== null && value !== false)
        out += escapeValue(typeof value === 'string' ? value : String(value), node.url);
    } else {
      const value = lookup(stack, node.path);
      const empty = Array.isArray(value) ? value.length === 0 : !value;
      if (node.inverted) {
        if (empty) out += walk(node.children, stack, escapeValue);
      } else if (!empty) {
        for (const item of Array.isArray(value) ? value : [value]) {
          stack.push(item);
          out += walk(node.children, stack, escapeValue);
          stack.pop();
        }
      }
    }
  }
  return out;
}

export function renderTemplate(nodes: readonly TemplateNode[], view: object, escapeValue: Escaper): string {
  return walk(nodes, [view], escapeValue);
}

/**
 * Inlines `{open}> name{close}` includes, recursively, before parsing. `load` returns the included source.
 */
export function inlinePartials(source: string, d: Delimiters, load: (name: string) => string, depth = 0): string {
  if (depth > 8) throw new SyntaxError('template: partials nest more than 8 deep (a cycle?)');
  const include = new RegExp(`${escapeRe(d.open)}>\\s*([\\w-]+)\\s*${escapeRe(d.close)}`, 'g');
  return source.replace(include, (_, name: string) => inlinePartials(load(name), d, load, depth + 1).replace(/\n$/, ''));
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

import { describe, expect, it } from 'vitest';
import { inlinePartials, parseTemplate, renderTemplate } from './template.ts';

const raw = (v: string) => v;
const render = (src: string, view: object) => renderTemplate(parseTemplate(src), view, raw);

describe('template', () => {
  it('fills values, dotted paths and the current item', () => {
    expect(render('Hi {{name}}, {{a.b}}: {{#xs}}[{{.}}]{{/xs}}', { name: 'Ann', a: { b: 2 }, xs: ['x', 'y'] })).toBe('Hi Ann, 2: [x][y]');
  });

  it('renders a section for truthy values, an inverted one for empty or missing', () => {
    const src = '{{#d}}by {{d}}{{/d}}{{^d}}soon{{/d}}';
    expect(render(src, { d: '1 May' })).toBe('by 1 May');
    expect(render(src, { d: null })).toBe('soon');
    expect(render(src, {})).toBe('soon');
    expect(render('{{^xs}}none{{/xs}}', { xs: [] })).toBe('none');
  });

  it('looks names up the context stack, innermost first', () => {
    expect(render('{{#rows}}{{n}}/{{total}} {{/rows}}', { total: 3, rows: [{ n: 1 }, { n: 2, total: 9 }] })).toBe('1/3 2/9 ');
  });

  it('never reads a substituted value as a tag', () => {
    expect(render('{{a}}', { a: '{{b}}', b: 'secret' })).toBe('{{b}}');
  });

  it('marks values in href and src attributes as URLs', () => {
    const seen: [string, boolean][] = [];
    renderTemplate(parseTemplate('<a href="{{u}}">{{t}}</a><img src=\'{{i}}\'>'), { u: 'U', t: 'T', i: 'I' }, (v, url) => {
      seen.push([v, url]);
      return v;
    });
    expect(seen).toEqual([
      ['U', true],
      ['T', false],
      ['I', true],
    ]);
  });

  it('refuses unbalanced sections and bad names', () => {
    expect(() => parseTemplate('{{#a}}x')).toThrow(/never closed/);
    expect(() => parseTemplate('{{#a}}x{{/b}}')).toThrow(/closes/);
    expect(() => parseTemplate('{{a b}}')).toThrow(/not a valid tag/);
    expect(() => parseTemplate('{{a')).toThrow(/unclosed/);
  });

  it('inlines partials with other delimiters and stops cycles', () => {
    const files: Record<string, string> = { p: 'P([[> q]])\n', q: 'Q', loop: '[[> loop]]' };
    const load = (n: string) => files[n] ?? '';
    expect(inlinePartials('a [[> p]] b', { open: '[[', close: ']]' }, load)).toBe('a P(Q) b');
    expect(() => inlinePartials('[[> loop]]', { open: '[[', close: ']]' }, load)).toThrow(/cycle/);
  });
});

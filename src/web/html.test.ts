import { describe, expect, it } from 'vitest';
import { html, raw } from './html.ts';

describe('html', () => {
  it('escapes every interpolation, including attribute quotes', () => {
    const name = `"><script>alert('x')</script>&`;
    expect(String(html`<input value="${name}">`)).toBe('<input value="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;">');
  });

  it('leaves nested templates and raw() alone, joins arrays, drops null, undefined and false', () => {
    const items = ['a<b', 'c'].map((x) => html`<li>${x}</li>`);
    expect(String(html`<ul>${items}</ul>${null}${undefined}${false}${raw('<hr>')}${0}`)).toBe('<ul><li>a&lt;b</li><li>c</li></ul><hr>0');
  });
});

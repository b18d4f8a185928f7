import { describe, expect, it } from 'vitest';
import { markdownToHtml } from './markdown.ts';

describe('the legal pages’ Markdown', () => {
  it('renders headings, paragraphs joined across lines, lists with continued items, emphasis and links', () => {
    const out = String(
      markdownToHtml(
        '# Privacy\n\nrelance reads\nyour invoices.\n\n- one **bold**\n  continued\n- two *em* `code`\n\nSee [terms](/terms) or [mail](mailto:a@b.example).',
      ),
    );
    expect(out).toBe(
      '<h1>Privacy</h1>\n<p>relance reads your invoices.</p>\n' +
        '<ul><li>one <strong>bold</strong> continued</li><li>two <em>em</em> <code>code</code></li></ul>\n' +
        '<p>See <a href="/terms">terms</a> or <a href="mailto:a@b.example">mail</a>.</p>',
    );
  });

  it('escapes HTML an edit may contain and drops links that are not https, mailto or a local path', () => {
    const out = String(markdownToHtml('<script>alert(1)</script> [x](javascript:alert(1)) [y](//evil.example) [z](http://plain.example)'));
    expect(out).not.toContain('<script');
    expect(out).not.toContain('href');
    expect(out).toContain('&lt;script&gt;');
  });
});

import { escapeHtml, type Html, raw } from '../html.ts';

/**
 * Just enough Markdown for the legal pages an operator edits: `#` to `###` headings, paragraphs, `-` lists, `*em*`,
 * `**strong**`, `` `code` `` and `[text](link)`. Everything is escaped first; a link is kept only when it is https,
 * mailto or a path on this site, so an edit cannot put script on the page.
 */
export function markdownToHtml(source: string): Html {
  const blocks = source.replace(/\r\n?/g, '\n').split(/\n\s*\n/);
  return raw(blocks.map(block).filter(Boolean).join('\n'));
}

function block(text: string): string {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (lines.length === 0) return '';
  const heading = /^(#{1,3})\s+(.*)$/.exec(lines[0]!);
  if (heading && lines.length === 1) return `<h${heading[1]!.length}>${inline(heading[2]!)}</h${heading[1]!.length}>`;
  if (lines.every((l, i) => /^\s*-\s+/.test(l) || (i > 0 && /^\s{2,}\S/.test(l)))) {
    const items: string[] = [];
    for (const l of lines) {
      if (/^\s*-\s+/.test(l)) items.push(l.replace(/^\s*-\s+/, ''));
      else items[items.length - 1] += ` ${l.trim()}`;
    }
    return `<ul>${items.map((i) => `<li>${inline(i)}</li>`).join('')}</ul>`;
  }
  return `<p>${inline(lines.map((l) => l.trim()).join(' '))}</p>`;
}

const SAFE_LINK = /^(https:\/\/|mailto:|\/(?!\/))/i;

function inline(text: string): string {
  return escapeHtml(text)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/\*([^*]+)\*/g, '<em>$1</em>')
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_whole, label: string, href: string) =>
      SAFE_LINK.test(href) ? `<a href="${href}">${label}</a>` : label,
    );
}

import { html, type Html } from '../html.ts';

/** One bar: its label under it, its value's text over it. */
export type Bar = { key: string; label: string; value: number; text: string };

const WIDTH = 560;
const HEIGHT = 240;
const TOP = 28;
const BOTTOM = 40;
const GAP = 18;

/**
 * A bar chart drawn on the server as SVG: no script, no CDN, scales to its container. Screen readers get its title
 * (role="img"); the caller puts the same figures in a table beside it.
 */
export function barChart(id: string, title: string, bars: readonly Bar[]): Html {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const slot = (WIDTH - GAP) / Math.max(1, bars.length);
  const plot = HEIGHT - TOP - BOTTOM;
  const columns = bars.map((b, i) => {
    const h = b.value > 0 ? Math.max(2, Math.round((b.value / max) * plot)) : 0;
    const x = Math.round(GAP + i * slot);
    const w = Math.round(slot - GAP);
    const y = TOP + plot - h;
    const middle = x + w / 2;
    return html`<g class="bar bar-${b.key}"><rect x="${x}" y="${y}" width="${w}" height="${h}"></rect>
<text class="value" x="${middle}" y="${y - 8}" text-anchor="middle">${b.text}</text>
<text class="label" x="${middle}" y="${HEIGHT - BOTTOM + 22}" text-anchor="middle">${b.label}</text></g>`;
  });
  return html`<svg class="chart" id="${id}" role="img" aria-labelledby="${id}-title" viewBox="0 0 ${WIDTH} ${HEIGHT}" preserveAspectRatio="xMidYMid meet" xmlns="http://www.w3.org/2000/svg">
<title id="${id}-title">${title}</title>
<line class="axis" x1="${GAP / 2}" y1="${TOP + plot}" x2="${WIDTH - GAP / 2}" y2="${TOP + plot}"></line>
${columns}</svg>`;
}

import { html, type Html } from './html.ts';

export const CSS_PATH = '/assets/app.css';

/** Small, readable, no framework; served as a file so the CSP can forbid inline styles. */
export const CSS = `
:root{--ink:#1d2433;--muted:#5b6478;--line:#d9dee8;--bg:#f6f7fb;--accent:#1f6feb;--bad:#b42318;--ok:#067647;--warn:#b54708}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
header.top{background:#fff;border-bottom:1px solid var(--line);padding:.6rem 1.5rem;display:flex;gap:1rem;align-items:center}
header.top a{color:var(--ink);text-decoration:none;font-weight:600}
main{max-width:1040px;margin:1.5rem auto;padding:0 1.5rem}
h1{font-size:1.5rem;margin:.2rem 0 1rem}h2{font-size:1.15rem;margin:1.5rem 0 .5rem}section.card>h1:first-child,section.card>h2:first-child{margin-top:0}
table.reminders td:nth-child(-n+3){white-space:nowrap}
section.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:1rem 1.25rem;margin-bottom:1rem}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
th{font-size:.8rem;text-transform:uppercase;color:var(--muted);font-weight:600}
label{display:block;font-weight:600;font-size:.9rem;margin:.6rem 0 .2rem}
label.inline{display:inline-flex;gap:.3rem;font-weight:normal;margin-right:.8rem;align-items:center}
input[type=text],input[type=number],input[type=email],input[type=url],input[type=date],select,textarea{font:inherit;padding:.35rem .5rem;border:1px solid var(--line);border-radius:6px;background:#fff;width:100%}
table.steps td{padding:.35rem .3rem}table.steps select{width:auto}table.steps td.key input{width:8.5rem}table.steps td.offsetDays input{width:4.5rem}
table.steps td.check{text-align:center}table.steps .error{max-width:14rem;min-width:9rem}
textarea{min-height:5rem}
.field-error input,.field-error select,.field-error textarea{border-color:var(--bad);background:#fff5f4}
.error{color:var(--bad);font-size:.85rem;margin:.2rem 0 0}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(200px,1fr));gap:0 1rem}
button,.button{font:inherit;font-weight:600;padding:.45rem 1rem;border-radius:6px;border:1px solid var(--accent);background:var(--accent);color:#fff;cursor:pointer;text-decoration:none;display:inline-block}
button.secondary,.button.secondary{background:#fff;color:var(--accent)}
button.danger{background:#fff;color:var(--bad);border-color:var(--bad)}
.notice{padding:.6rem 1rem;border-radius:6px;margin-bottom:1rem;background:#ecfdf3;color:var(--ok);border:1px solid #abefc6}
.notice.bad{background:#fef3f2;color:var(--bad);border-color:#fecdca}
.notice.warn{background:#fffaeb;color:var(--warn);border-color:#fedf89}
.status{font-weight:600}.status.connected{color:var(--ok)}.status.needs-reconnect{color:var(--warn)}.status.disconnected{color:var(--bad)}
progress{width:100%;height:1rem}
.muted{color:var(--muted)}
ul.plain{list-style:none;padding:0;margin:0}ul.plain li{padding:.3rem 0;border-bottom:1px solid var(--line)}
form.inline{display:inline}
.sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap;border:0}
`;

export type PageOptions = {
  nav?: Html;
  /** The page's language (the html element's lang, for screen readers): 'en' unless said. */
  lang?: string;
  /** Paths of this origin's scripts (assets/scripts.ts), loaded deferred; the page must work without them. */
  scripts?: readonly string[];
};

export function page(title: string, body: Html, options: PageOptions = {}): Html {
  const scripts = (options.scripts ?? []).map((src) => html`<script src="${src}" defer></script>`);
  return html`<!doctype html>
<html lang="${options.lang ?? 'en'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title} · relance</title><link rel="stylesheet" href="${CSS_PATH}">${scripts}</head>
<body><header class="top"><a href="/">relance</a>${options.nav ?? ''}</header><main>${body}</main></body></html>`;
}

/** What the user sees when something goes wrong: what happened and what to do, never a stack trace. */
export function errorPage(title: string, message: string, next?: Html): Html {
  return page(
    title,
    html`<section class="card"><h1>${title}</h1><p>${message}</p>${next ?? html`<p><a href="/">Back to relance</a></p>`}</section>`,
  );
}

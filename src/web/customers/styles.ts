/**
 * This feature's rules, appended to the one stylesheet (assets/routes.ts). The invoices pages share them (the lists,
 * the timeline, the message as sent): assets/routes.ts joins this file only.
 */
export const customerStyles = `
form.list-controls{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:.5rem 1rem;align-items:end;background:#fff;border:1px solid var(--line);border-radius:8px;padding:.75rem 1rem;margin-bottom:1rem}
form.list-controls label{margin-top:0}
form.list-controls .list-buttons{display:flex;gap:.75rem;align-items:center}
input[type=search]{font:inherit;padding:.35rem .5rem;border:1px solid var(--line);border-radius:6px;background:#fff;width:100%}
.table-scroll{overflow-x:auto}
table.list td.num{text-align:right;white-space:nowrap}
table.list th[scope=row]{font-size:inherit;text-transform:none;color:var(--ink);font-weight:600}
.badge{display:inline-block;font-size:.75rem;font-weight:600;padding:0 .4rem;border-radius:999px;border:1px solid var(--line);color:var(--muted);white-space:nowrap}
.badge.promised{color:var(--ok);border-color:#abefc6}.badge.disputed{color:var(--bad);border-color:#fecdca}.badge.paused{color:var(--warn);border-color:#fedf89}
.late{color:var(--bad);font-size:.85rem}
nav.pager{display:flex;gap:1rem;align-items:center;margin:.75rem 0}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0}dl.facts dt{font-weight:600;color:var(--muted)}dl.facts dd{margin:0;overflow-wrap:anywhere}
ol.timeline{list-style:none;padding:0;margin:0}ol.timeline li{padding:.4rem 0;border-bottom:1px solid var(--line);overflow-wrap:anywhere}
ol.timeline time{display:inline-block;min-width:9.5rem;color:var(--muted);font-variant-numeric:tabular-nums}
form.stacked fieldset{border:1px solid var(--line);border-radius:6px;padding:.5rem 1rem;margin:.5rem 0}
form.stacked legend{font-weight:600;padding:0 .3rem}
.actions form{margin-bottom:.75rem}
.notice-inline.bad{color:var(--bad)}
iframe.message{width:100%;min-height:28rem;border:1px solid var(--line);border-radius:6px;background:#fff}
pre.message-text{white-space:pre-wrap;overflow-wrap:anywhere;background:#fff;border:1px solid var(--line);border-radius:6px;padding:.75rem}
@media (max-width:600px){
main{padding:0 .75rem}
table.list thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
table.list tr{display:block;border-bottom:2px solid var(--line);padding:.4rem 0}
table.list th[scope=row],table.list td{display:block;border:0;padding:.15rem 0;text-align:left}
table.list td.num{text-align:left}
table.list td[data-label]::before{content:attr(data-label) ": ";font-weight:600;color:var(--muted)}
ol.timeline time{display:block}
dl.facts{grid-template-columns:1fr}dl.facts dd{margin-bottom:.3rem}
}
`;

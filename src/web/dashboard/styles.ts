/** This feature's rules, appended to the one stylesheet (assets/routes.ts); also the owner's nav in the header. */
export const dashboardStyles = `
header.top{flex-wrap:wrap}
header.top nav{display:flex;flex-wrap:wrap;gap:.25rem .9rem;align-items:center;font-size:.95rem}
header.top nav .org-name{color:var(--muted);font-weight:600;margin-right:.4rem}
header.top nav a{font-weight:500;padding:.2rem 0;border-bottom:2px solid transparent}
header.top nav a:hover,header.top nav a:focus-visible{border-bottom-color:var(--line)}
header.top nav a[aria-current=page]{border-bottom-color:var(--accent);color:var(--accent);font-weight:600}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}
td.num,th.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
td.date{white-space:nowrap}
h3{font-size:1rem;margin:1rem 0 .4rem}
dl.figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:.75rem;margin:.5rem 0}
dl.figures .figure{border:1px solid var(--line);border-radius:6px;padding:.5rem .75rem}
dl.figures dt{font-size:.8rem;color:var(--muted);font-weight:600}
dl.figures dd{margin:0;font-size:1.2rem;font-weight:600;font-variant-numeric:tabular-nums}
.small{font-size:.8rem;font-weight:normal}
p.formula{font-size:.85rem}
figure.aged{margin:0}
svg.chart{width:100%;max-width:560px;height:auto;display:block}
svg.chart rect{fill:var(--accent)}
svg.chart .bar-not-due rect{fill:#7ea6e0}
svg.chart .bar-61-90 rect,svg.chart .bar-90\\+ rect{fill:var(--warn)}
svg.chart text{font-size:13px;fill:var(--ink)}
svg.chart text.label{fill:var(--muted)}
svg.chart line.axis{stroke:var(--line);stroke-width:1}
section.needs h3{margin-top:.6rem}
ul.activity time{color:var(--muted);font-variant-numeric:tabular-nums}
button.small{padding:.15rem .6rem;font-size:.85rem}
@media (max-width:480px){main{padding:0 .75rem}section.card{padding:.75rem}header.top{padding:.5rem .75rem}dl.figures dd{font-size:1.05rem}}
`;

/** This feature's rules, appended to the one stylesheet (assets/routes.ts). */
export const startStyles = `
.preview-banner strong{display:block}
section.sync-progress [data-live]{font-weight:600}
table.review td,table.review th{vertical-align:middle}
fieldset.choices{border:0;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.1rem .2rem}
fieldset.choices label.inline{margin:0 .6rem 0 0;white-space:nowrap}
p.turn-on{margin-top:1rem;display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center}
h2.section{margin-top:2rem}
`;

/** This feature's rules, appended to the one stylesheet (assets/routes.ts). */
export const taskStyles = `
article.task{border-top:1px solid var(--line);padding:1rem 0}
section.tasks>article.task:first-of-type{border-top:0;padding-top:.25rem}
article.task h3{font-size:1.05rem;margin:0 0 .4rem}
article.task h4{font-size:.95rem;margin:1rem 0 .3rem}
p.phone{margin:.25rem 0 .75rem}p.phone a.button{font-size:1.05rem}
ul.owed li{overflow-wrap:anywhere}
details.guide{background:var(--bg);border:1px solid var(--line);border-radius:6px;padding:.5rem 1rem;margin:1rem 0}
details.guide summary{font-weight:600;cursor:pointer}
ol.guide{margin:.4rem 0 0;padding-left:1.25rem}ol.guide li{margin:.25rem 0}
form.outcome fieldset{border:1px solid var(--line);border-radius:6px;padding:.5rem 1rem;margin:.75rem 0}
form.outcome legend{font-weight:600;padding:0 .3rem}
form.outcome .choice{display:flex;gap:.5rem;align-items:center;margin-top:.75rem}
form.outcome .choice label{margin:0;font-size:1rem}
form.outcome .choice input{width:1.1rem;height:1.1rem}
form.outcome .field{margin-left:1.6rem}
form.outcome .field label{font-weight:normal}
form.outcome input[type=date],form.outcome input[type=number]{max-width:12rem}
form.outcome p.hint{margin:.2rem 0 0 1.6rem;font-size:.85rem}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
@media (max-width:480px){form.outcome .field,form.outcome p.hint{margin-left:0}article.task button{width:100%}}
`;

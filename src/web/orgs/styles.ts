/** This feature's rules, appended to the one stylesheet (assets/routes.ts). */
export const settingsStyles = `
main:has(.settings-layout){max-width:1400px}
.settings-layout{display:grid;grid-template-columns:minmax(0,1fr);gap:0 1rem}
@media (min-width:1100px){.settings-layout{grid-template-columns:minmax(0,3fr) minmax(0,2fr)}.settings-layout>.preview{position:sticky;top:1rem;align-self:start}}
.table-scroll{overflow-x:auto}
.settings-layout p{overflow-wrap:anywhere}
.preview-frame{width:100%;height:70vh;min-height:420px;border:1px solid var(--line);border-radius:6px;background:#fff}
fieldset.plain{border:0;padding:0;margin:0}fieldset.plain legend{font-weight:600;font-size:.9rem;margin:.6rem 0 .2rem}
fieldset.rule,fieldset.custom-terms{border:1px solid var(--line);border-radius:6px;padding:.5rem .8rem;margin:.8rem 0}
fieldset.rule legend,fieldset.custom-terms legend{font-weight:600;padding:0 .3rem}
select[multiple]{height:auto}
h3{font-size:1rem;margin:1rem 0 .4rem}
.policy-table th[scope=row]{text-transform:none;font-size:inherit;color:inherit;font-weight:600}
/* the custom terms matter only when "custom" is picked; a browser without :has() shows them always */
form:has(select[name="charges.regime"] option[value="custom"]:not(:checked)) fieldset.custom-terms:not(:has(.field-error)){display:none}
`;

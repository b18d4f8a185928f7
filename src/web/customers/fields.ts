import { html, type Html } from '../html.ts';
import { CSRF_FIELD } from '../middleware/csrf.ts';

/** What a refused form sends back: the values typed (so nothing is lost) and the error beside its field. */
export type FormState = { form: string; values: Record<string, string>; errors: Record<string, string> };

export const typedValue = (state: FormState | null | undefined, form: string, name: string): string =>
  state?.form === form ? (state.values[name] ?? '') : '';

export const errorFor = (state: FormState | null | undefined, form: string, name: string): string | null =>
  state?.form === form ? (state.errors[name] ?? null) : null;

/** One field: its label, the control, and its error announced beside it (`data-field` names it for tests and scripts). */
export function field(id: string, name: string, label: string, control: (invalid: Html | string) => Html, error: string | null): Html {
  const invalid = error ? html` aria-invalid="true" aria-describedby="${id}-error"` : '';
  return html`<div class="${error ? 'field field-error' : 'field'}" data-field="${name}"><label for="${id}">${label}</label>${control(invalid)}${
    error ? html`<p class="error" id="${id}-error" role="alert">${error}</p>` : ''
  }</div>`;
}

export const csrfInput = (csrf: string): Html => html`<input type="hidden" name="${CSRF_FIELD}" value="${csrf}">`;

/** A form-level error (no single field to put it beside). */
export const formError = (state: FormState | null | undefined, form: string): Html | string => {
  const message = errorFor(state, form, '_form');
  return message ? html`<p class="notice bad" role="alert">${message}</p>` : '';
};

export function formValues(body: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string' && k !== CSRF_FIELD) out[k] = v.slice(0, 2000);
  return out;
}

/** The name the tasks pages import (kept for them; `valueOf` shadows Object.prototype.valueOf inside this folder). */
export { typedValue as valueOf };

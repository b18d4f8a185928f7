import { html, type Html } from '../html.ts';
import type { FieldErrors, FormValues } from './form-values.ts';

/** A form as shown: the values (saved, or as submitted) and the message for each field that was refused. */
export type Field = { values: FormValues; errors: FieldErrors };

export const val = (f: Field, name: string): string => {
  const v = f.values[name];
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
};

export const vals = (f: Field, name: string): string[] => {
  const v = f.values[name];
  return Array.isArray(v) ? v : v ? [v] : [];
};

export function errorOf(f: Field, name: string): Html {
  const message = f.errors[name];
  return message ? html`<p class="error" id="${name}-error" role="alert">${message}</p>` : html``;
}

/** Every field sits in its own block, its error right under it (`data-field` names it for tests and styles). */
export const wrap = (f: Field, name: string, inner: Html) =>
  html`<div class="${f.errors[name] ? 'field field-error' : 'field'}" data-field="${name}">${inner}${errorOf(f, name)}</div>`;

const invalid = (f: Field, name: string) => (f.errors[name] ? html` aria-invalid="true" aria-describedby="${name}-error"` : '');

export function input(f: Field, name: string, label: string, type = 'text', hint: Html | string = ''): Html {
  return wrap(
    f,
    name,
    html`<label for="${name}">${label}</label><input id="${name}" name="${name}" type="${type}" value="${val(f, name)}"${invalid(f, name)}>${hint}`,
  );
}

export function select(
  f: Field,
  name: string,
  options: readonly string[],
  label: string | null,
  labels: Record<string, string> = {},
  hint: Html | string = '',
  /** The accessible name of a select without a visible label (a cell of the steps table). */
  ariaLabel: string | null = null,
): Html {
  const current = val(f, name);
  const opts = options.map((o) => html`<option value="${o}"${o === current ? html` selected` : ''}>${labels[o] ?? o}</option>`);
  return wrap(
    f,
    name,
    html`${label ? html`<label for="${name}">${label}</label>` : ''}<select id="${name}" name="${name}" aria-label="${label ?? ariaLabel ?? name}"${invalid(f, name)}>${opts}</select>${hint}`,
  );
}

/** Several choices at once (named customers): a list box, each option its own id. */
export function multiSelect(f: Field, name: string, options: readonly { id: string; name: string }[], label: string): Html {
  const picked = new Set(vals(f, name));
  const opts = options.map((o) => html`<option value="${o.id}"${picked.has(o.id) ? html` selected` : ''}>${o.name}</option>`);
  return wrap(
    f,
    name,
    html`<label for="${name}">${label}</label><select id="${name}" name="${name}" multiple size="${Math.min(6, Math.max(2, options.length))}"${invalid(f, name)}>${opts}</select>`,
  );
}

export function checkbox(f: Field, name: string, label: string, visible = true): Html {
  const box = html`<input type="checkbox" name="${name}" id="${name}"${val(f, name) ? html` checked` : ''}${visible ? '' : html` aria-label="${label}"`}>`;
  return wrap(f, name, visible ? html`<label class="inline">${box} ${label}</label>` : box);
}

export function textarea(f: Field, name: string, label: string): Html {
  return wrap(
    f,
    name,
    html`<label for="${name}">${label}</label><textarea id="${name}" name="${name}"${invalid(f, name)}>${val(f, name)}</textarea>`,
  );
}

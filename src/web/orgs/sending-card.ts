import type { Organisation } from '../../core/organisation.ts';
import { html, type Html } from '../html.ts';
import { checkbox, input, val, wrap, type Field } from './fields.ts';
import { settingsWords } from './words.ts';

export function sendingCard(org: Organisation, f: Field, relayAddress: string): Html {
  const w = settingsWords(org.locale);
  const mode = val(f, 'sending.mode') || 'relay';
  const choice = (value: string, label: string) =>
    html`<label class="inline"><input type="radio" name="sending.mode" value="${value}"${mode === value ? html` checked` : ''}> ${label}</label>`;
  const saved = !!org.smtp;
  return html`<section class="card"><h2>${w.sending}</h2>
${wrap(
  f,
  'sending.mode',
  html`<fieldset class="plain"><legend class="sr-only">${w.sending}</legend>${choice('relay', w.viaRelay(org.sender.name, relayAddress, org.sender.email))}<br>
${choice('own-smtp', w.viaOwn(org.sender.email))}</fieldset>`,
)}
<div class="grid">${input(f, 'smtp.host', w.smtpHost)}${input(f, 'smtp.port', w.smtpPort)}${input(f, 'smtp.user', w.smtpUser)}
${wrap(
  f,
  'smtp.password',
  html`<label for="smtp.password">${w.smtpPassword}</label><input id="smtp.password" name="smtp.password" type="password" autocomplete="new-password" value=""${saved ? html` placeholder="${w.savedPassword}"` : ''}${f.errors['smtp.password'] ? html` aria-invalid="true" aria-describedby="smtp.password-error"` : ''}>
${saved ? html`<p class="muted">${w.keepPassword}</p>` : ''}`,
)}</div>
${checkbox(f, 'smtp.secure', w.smtpSecure)}
<p class="muted">${w.ownOnly}</p></section>`;
}

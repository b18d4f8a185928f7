import type { Organisation } from '../../core/organisation.ts';
import { html, type Html } from '../html.ts';
import { checkbox, input, val, wrap, type Field } from './fields.ts';

export function sendingCard(org: Organisation, f: Field, relayAddress: string): Html {
  const mode = val(f, 'sending.mode') || 'relay';
  const choice = (value: string, label: Html) =>
    html`<label class="inline"><input type="radio" name="sending.mode" value="${value}"${mode === value ? html` checked` : ''}> ${label}</label>`;
  const saved = !!org.smtp;
  return html`<section class="card"><h2>Sending</h2>
${wrap(
  f,
  'sending.mode',
  html`${choice('relay', html`Through relance's relay: From “${org.sender.name}” &lt;${relayAddress}&gt;, replies to ${org.sender.email}`)}<br>
${choice('own-smtp', html`Through your own mail server: From ${org.sender.email}`)}`,
)}
<div class="grid">${input(f, 'smtp.host', 'SMTP server (host name)')}${input(f, 'smtp.port', 'Port (587, or 465 with TLS)')}${input(f, 'smtp.user', 'User name')}
${wrap(
  f,
  'smtp.password',
  html`<label for="smtp.password">Password</label><input id="smtp.password" name="smtp.password" type="password" autocomplete="new-password" value=""${saved ? html` placeholder="•••• (saved)"` : ''}${f.errors['smtp.password'] ? html` aria-invalid="true" aria-describedby="smtp.password-error"` : ''}>
${saved ? html`<p class="muted">Leave it empty to keep the saved password.</p>` : ''}`,
)}</div>
${checkbox(f, 'smtp.secure', 'TLS from the first byte (port 465); otherwise STARTTLS')}
<p class="muted">Used only when “your own mail server” is picked.</p></section>`;
}

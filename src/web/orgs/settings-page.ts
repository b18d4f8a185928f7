import type { RateStatus } from '../../core/charges/index.ts';
import { addDays, type CalendarDate, daysBetween } from '../../core/calendar.ts';
import { holidaysOf } from '../../core/holidays/index.ts';
import { formatMoney, money } from '../../core/money.ts';
import type { Organisation } from '../../core/organisation.ts';
import { LANGUAGES } from '../../core/place.ts';
import { CHANNELS, TEMPLATES, TONES } from '../../core/policy.ts';
import { describeWindow, type PolicyChoice } from '../../core/schedule/index.ts';
import type { ChargeBooking } from '../../services/charge-targets.ts';
import { scriptPath } from '../assets/scripts.ts';
import { html, type Html } from '../html.ts';
import { page } from '../layout.ts';
import { CSRF_FIELD } from '../middleware/csrf.ts';
import { ownerNav } from '../owner-nav.ts';
import { pageLanguage } from '../words.ts';
import { errorsIn } from './errors-fr.ts';
import { checkbox, errorOf, input, multiSelect, select, textarea, val, vals, wrap, type Field } from './fields.ts';
import { countryName, timeZones } from './place-form.ts';
import { APPROVALS, PROFILES, RULE_TONES, ruleRows } from './rules-form.ts';
import { type PolicyRow, policyTable, type SettingsData } from './settings-data.ts';
import { ruleCurrencyOf, stepRows } from './settings-form.ts';
import { sendingCard } from './sending-card.ts';
import { settingsWords } from './words.ts';

type W = ReturnType<typeof settingsWords>;

const STEP_CHARGES = ['none', 'mention', 'claim'] as const;
const labelsOf = (w: W, codes: readonly string[]) => Object.fromEntries(codes.map((c) => [c, w.option(c)]));

export type SettingsOptions = {
  problem?: string | null;
  relayAddress?: string;
  rate?: RateStatus | null;
  booking?: ChargeBooking;
  /** Open invoices and customers: the preview's invoice, the rules' named customers, the policy table. */
  data?: SettingsData | null;
  /** The organisation's today, for the next public holidays. */
  today?: CalendarDate;
};

function stepRow(f: Field, w: W, row: number, isNew: boolean): Html {
  const n = (field: string) => `steps.${row}.${field}`;
  const cell = (field: string, label: string, type = 'text') =>
    html`<td class="${field}">${wrap(f, n(field), html`<input name="${n(field)}" id="${n(field)}" type="${type}" value="${val(f, n(field))}" aria-label="${w.fieldOfStep(label, row + 1)}"${f.errors[n(field)] ? html` aria-invalid="true"` : ''}>`)}</td>`;
  return html`<tr data-step="${row}">${cell('key', w.key)}${cell('offsetDays', w.days, 'text')}
<td>${select(f, n('channel'), CHANNELS, null, labelsOf(w, CHANNELS), '', w.fieldOfStep(w.channel, row + 1))}</td><td>${select(f, n('tone'), TONES, null, labelsOf(w, TONES), '', w.fieldOfStep(w.tone, row + 1))}</td>
<td>${select(f, n('template'), isNew ? ['', ...TEMPLATES] : TEMPLATES, null, labelsOf(w, TEMPLATES), '', w.fieldOfStep(w.template, row + 1))}</td><td>${select(f, n('charges'), STEP_CHARGES, null, labelsOf(w, STEP_CHARGES), '', w.fieldOfStep(w.charges, row + 1))}</td>
<td class="check">${checkbox(f, n('requiresApproval'), w.stepWaits(row + 1), false)}</td>
<td class="check">${isNew ? html`<span class="muted">${w.newRow}</span>` : checkbox(f, n('remove'), w.removeStep(row + 1), false)}</td></tr>`;
}

/** "From your ledger." beside a field whose value is the ledger's; what the ledger says when the owner changed it. */
function ledgerNote(w: W, ledgerValue: string | null | undefined, current: string): Html | string {
  if (!ledgerValue) return '';
  return html`<p class="muted">${ledgerValue.toUpperCase() === current.toUpperCase() ? w.fromLedger : w.ledgerSays(ledgerValue)}</p>`;
}

function placeCard(org: Organisation, f: Field, w: W, lang: string): Html {
  const ledger = org.ledgerPlace;
  const zone = val(f, 'place.timeZone');
  const zones = [...timeZones()];
  if (!zones.includes(zone)) zones.unshift(zone);
  const languages = [...LANGUAGES] as string[];
  const locale = val(f, 'place.locale');
  if (!languages.includes(locale)) languages.unshift(locale);
  const country = val(f, 'place.countryCode');
  const countryLabel = countryName(country.toUpperCase(), lang);
  return html`<section class="card"><h2>${w.place}</h2><p class="muted">${w.placeHint}</p><div class="grid">
${select(f, 'place.timeZone', zones, w.timeZone, {}, ledgerNote(w, ledger?.timeZone, zone))}
${select(f, 'place.locale', languages, w.language, Object.fromEntries(languages.map((l) => [l, w.languageName(l)])), ledgerNote(w, ledger?.language, locale))}
${input(f, 'place.countryCode', w.country, 'text', html`${countryLabel ? html`<p class="muted">${countryLabel}</p>` : ''}${ledgerNote(w, ledger?.countryCode, country)}`)}
</div></section>`;
}

function holidayNote(org: Organisation, w: W, today: CalendarDate | undefined, lang: string): Html | string {
  if (!today) return '';
  const year = Number(today.slice(0, 4));
  const next = [...holidaysOf(org.countryCode, year), ...holidaysOf(org.countryCode, year + 1)]
    .filter((d) => d.date >= today && d.date <= addDays(today, 366))
    .slice(0, 4);
  if (next.length === 0) return '';
  const day = new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  return html`<p class="muted holidays">${w.nextHolidays} ${next.map((d, i) => html`${i > 0 ? ', ' : ''}${d.name} (${day.format(new Date(`${d.date}T00:00:00Z`))})`)}</p>`;
}

function whenCard(org: Organisation, f: Field, w: W, options: SettingsOptions, lang: string): Html {
  const picked = new Set(vals(f, 'sendWindow.weekdays'));
  const names = w.weekdayNames.split(',');
  const country = countryName(org.countryCode.toUpperCase(), lang) ?? org.countryCode;
  return html`<section class="card"><h2>${w.when}</h2><p class="muted">${w.whenNow(describeWindow(org.policy.default.sendWindow), org.timeZone)}</p>
<div class="grid">${input(f, 'sendWindow.startHour', w.fromHour)}${input(f, 'sendWindow.endHour', w.untilHour)}
${input(f, 'minDaysBetweenContacts', w.minDays)}${input(f, 'promiseGraceDays', w.grace)}</div>
${wrap(f, 'sendWindow.weekdays', html`<fieldset class="plain"><legend>${w.weekdays}</legend>${names.map((d, i) => html`<label class="inline"><input type="checkbox" name="sendWindow.weekdays" value="${i + 1}"${picked.has(String(i + 1)) ? html` checked` : ''}> ${d}</label>`)}</fieldset>`)}
${checkbox(f, 'sendWindow.skipHolidays', w.skipHolidays(country))}${holidayNote(org, w, options.today, lang)}
${checkbox(f, 'consolidate', w.consolidate)}</section>`;
}

function chargesCard(f: Field, w: W, options: SettingsOptions): Html {
  const c = (name: string) => `charges.custom.${name}`;
  return html`<section class="card"><h2>${w.chargesTitle}</h2><div class="grid">
${select(f, 'charges.regime', ['auto', 'FR', 'UK', 'DE', 'IE', 'EU', 'custom', 'none'], w.regime, { auto: w.regimeAuto, none: w.regimeNone, custom: w.regimeCustom })}
${input(f, 'charges.contractRatePercent', w.contractRate)}
${select(f, 'charges.writeAs', ['separate-invoice', 'line-on-original'], w.writeAs, { 'separate-invoice': w.separateInvoice, 'line-on-original': w.lineOnOriginal })}
${bookToField(f, w, options.booking)}</div>${linesNote(w, options.booking)}${rateNote(w, options.rate ?? null)}
<fieldset class="custom-terms"><legend>${w.customTerms}</legend><div class="grid">
${input(f, c('fixedFee'), w.fixedFee)}${input(f, c('percentOfBalance'), w.percentOfBalance)}${input(f, c('annualRatePercent'), w.annualRate)}
${input(f, c('graceDays'), w.graceDays)}${input(f, c('minimumBalance'), w.minimumBalance)}${input(f, c('cap'), w.cap)}${input(f, c('repeatEveryDays'), w.repeatEveryDays)}
</div></fieldset></section>`;
}

function rulesCard(org: Organisation, f: Field, w: W, data: SettingsData | null | undefined): Html {
  const currency = ruleCurrencyOf(org);
  const rows = ruleRows(f.values).filter((r) => val(f, `rules.${r}.name`) || f.errors[`rules.${r}.name`]);
  const blank = (rows.at(-1) ?? -1) + 1;
  const customers = (data?.contacts ?? []).map((c) => ({ id: c.id, name: c.name }));
  const rule = (row: number, isNew: boolean) => {
    const n = (field: string) => `rules.${row}.${field}`;
    // a customer named by a rule stays listed even when the list could not name them
    const named = vals(f, n('contactIds')).filter((id) => !customers.some((c) => c.id === id));
    const body = html`<div class="grid">${input(f, n('name'), w.ruleName)}
${select(f, n('consumer'), ['', 'consumer', 'business'], w.ruleWho, { '': w.anyone, consumer: w.consumer, business: w.business })}
${select(f, n('profile'), ['', ...PROFILES], w.ruleProfile, { ...labelsOf(w, PROFILES), '': w.anyone })}
${input(f, n('minAmount'), w.ruleMin(currency))}${input(f, n('maxAmount'), w.ruleMax(currency))}
${select(f, n('tone'), RULE_TONES, w.ruleTone, { ...labelsOf(w, TONES), '': w.sameTone })}
${select(f, n('approval'), APPROVALS, w.ruleApproval, { '': w.sameApproval, all: w.allApproval })}</div>
${customers.length + named.length > 0 ? multiSelect(f, n('contactIds'), [...customers, ...named.map((id) => ({ id, name: id }))], w.ruleCustomers) : ''}
${isNew ? '' : checkbox(f, n('remove'), w.removeRule)}`;
    return html`<fieldset class="rule" data-rule="${row}"><legend>${isNew || !val(f, n('name')) ? w.newRule : val(f, n('name'))}</legend>${body}</fieldset>`;
  };
  return html`<section class="card"><h2>${w.rules}</h2><p class="muted">${w.rulesHint}</p>
${rows.map((r) => rule(r, false))}${rule(blank, true)}
${policyTableOf(org, w, data)}</section>`;
}

function policyTableOf(org: Organisation, w: W, data: SettingsData | null | undefined): Html {
  if (!data) return html`<h3>${w.whoFalls}</h3><p class="muted">${w.customersUnknown}</p>`;
  const rows = policyTable(data, org.policy);
  if (rows.length === 0) return html`<h3>${w.whoFalls}</h3><p class="muted">${w.noCustomers}</p>`;
  const currency = ruleCurrencyOf(org);
  const lang = pageLanguage(org.locale);
  const amount = (minor: number) => formatMoney(money(minor, currency), lang);
  const bounds = (c: PolicyChoice) =>
    c.minAmountMinor !== undefined && c.maxAmountMinor !== undefined
      ? ` (${amount(c.minAmountMinor)} – ${amount(c.maxAmountMinor)})`
      : c.minAmountMinor !== undefined
        ? ` (≥ ${amount(c.minAmountMinor)})`
        : c.maxAmountMinor !== undefined
          ? ` (≤ ${amount(c.maxAmountMinor)})`
          : '';
  const policies = (r: PolicyRow) =>
    r.invoices > 0
      ? r.policies.map((p, i) => html`${i > 0 ? ', ' : ''}${p.name}${r.policies.length > 1 ? ` (${p.invoices})` : ''}`)
      : r.choices.map((c, i) => html`${i > 0 ? ', ' : ''}${c.policyName}${r.choices.length > 1 ? bounds(c) : ''}`);
  const body = rows.map(
    (r) =>
      html`<tr><th scope="row"><a href="/orgs/${org.id}/customers/${r.contact.id}">${r.contact.name}</a></th><td>${r.invoices}</td><td>${policies(r)}</td></tr>`,
  );
  return html`<h3>${w.whoFalls}</h3><p class="muted">${w.whoFallsHint}</p>
<div class="table-scroll"><table class="policy-table"><thead><tr><th scope="col">${w.customer}</th><th scope="col">${w.invoices}</th><th scope="col">${w.policy}</th></tr></thead><tbody>${body}</tbody></table></div>`;
}

function previewCard(
  org: Organisation,
  f: Field,
  w: W,
  data: SettingsData | null | undefined,
  lang: string,
  today: CalendarDate | undefined,
): Html {
  const invoices = data?.invoices ?? [];
  if (invoices.length === 0)
    return html`<section class="card preview" aria-labelledby="preview-title"><h2 id="preview-title">${w.previewTitle}</h2><p class="muted">${w.noInvoices}</p></section>`;
  const rows = stepRows(f.values).filter((r) => val(f, `steps.${r}.key`));
  // by default the most overdue invoice, at the step it is due for next
  const chosen = invoices.find((i) => i.invoice.id === val(f, 'preview.invoiceId')) ?? invoices[0]!;
  // its next step when the store knows it, else the last step its days late have reached
  const late = today ? daysBetween(chosen.invoice.dueDate, today) : 0;
  const reached = rows.filter((r) => Number(val(f, `steps.${r}.offsetDays`)) <= late).at(-1);
  const nextRow = rows.find((r) => val(f, `steps.${r}.key`) === chosen.invoice.nextActionStep) ?? reached;
  const shown: Field = {
    values: {
      ...f.values,
      'preview.invoiceId': chosen.invoice.id,
      'preview.step': val(f, 'preview.step') || String(nextRow ?? rows[0] ?? ''),
    },
    errors: f.errors,
  };
  const invoiceLabels = Object.fromEntries(
    invoices.map(({ invoice, contactName }) => [
      invoice.id,
      `${invoice.number} · ${contactName} · ${formatMoney(money(invoice.amountDueMinor, invoice.currency), lang)}`,
    ]),
  );
  return html`<section class="card preview" aria-labelledby="preview-title"><h2 id="preview-title">${w.previewTitle}</h2><p class="muted">${w.previewHint}</p>
<div class="grid">${select(shown, 'preview.invoiceId', Object.keys(invoiceLabels), w.previewInvoice, invoiceLabels)}
${select(shown, 'preview.step', rows.map(String), w.previewStepLabel, Object.fromEntries(rows.map((r) => [String(r), val(f, `steps.${r}.key`)])))}</div>
<p><button type="submit" class="secondary" formaction="/orgs/${org.id}/settings/preview" formtarget="preview" formnovalidate>${w.previewButton}</button></p>
<iframe name="preview" class="preview-frame" sandbox title="${w.previewFrame}"></iframe></section>`;
}

/** Where charges are booked: the ledger's own accounts or items when it could be asked, else an id typed by hand. */
function bookToField(f: Field, w: W, booking: ChargeBooking | undefined): Html {
  const label = booking?.bookedTo === 'item' ? w.bookToItem : w.bookToAccount;
  const targets = booking?.targets;
  if (!targets || targets.length === 0)
    return input(f, 'charges.bookTo', `${label} (${booking?.bookedTo === 'item' ? w.typedItem : w.typedAccount})`);
  const current = val(f, 'charges.bookTo');
  // a choice the ledger no longer lists stays visible rather than being silently changed
  const known = targets.some((t) => t.id === current) || !current ? [] : [{ id: current, name: w.notInLedger(current) }];
  const all = [{ id: '', name: w.choose }, ...targets, ...known];
  return select(
    f,
    'charges.bookTo',
    all.map((t) => t.id),
    label,
    Object.fromEntries(all.map((t) => [t.id, t.name])),
  );
}

function linesNote(w: W, booking: ChargeBooking | undefined): Html | string {
  return booking && !booking.chargesAsLine ? html`<p class="muted">${w.noLines}</p>` : '';
}

function rateNote(w: W, rate: RateStatus | null): Html | string {
  if (!rate) return '';
  const line = html`<p class="muted">${w.rateNow(rate.regime, String(rate.ratePercent), rate.reference, rate.law, rate.source)}</p>`;
  if (!rate.stale) return line;
  return html`${line}<p class="notice bad">${w.rateStale(rate.to)}</p>`;
}

export function settingsPage(org: Organisation, form: Field, csrf: string, notice: string | null, options: SettingsOptions = {}): Html {
  const lang = pageLanguage(org.locale);
  const f: Field = { values: form.values, errors: errorsIn(lang, form.errors) };
  const w = settingsWords(org.locale);
  const all = stepRows(f.values);
  // a submitted blank "add" row is not a step: it is offered again after the others, as the user left it
  const rows = all.filter((r) => val(f, `steps.${r}.key`) || val(f, `steps.${r}.offsetDays`));
  const blank = (rows.at(-1) ?? -1) + 1;
  const failed = Object.keys(f.errors).length;
  return page(
    `${w.title} · ${org.name}`,
    html`<h1>${w.title}</h1>
${notice ? html`<p class="notice">${notice}</p>` : ''}
${options.problem ? html`<p class="notice bad" role="alert">${options.problem}</p>` : ''}
${failed ? html`<p class="notice bad" role="alert">${w.nothingSaved(failed)}</p>` : ''}
<form method="post" action="/orgs/${org.id}/settings" class="settings-layout" novalidate>
<input type="hidden" name="${CSRF_FIELD}" value="${csrf}">
<div class="settings-fields">
${placeCard(org, f, w, lang)}
<section class="card"><h2>${w.steps}</h2>
<p class="muted">${w.stepsHint}</p>
${errorOf(f, 'steps')}
<div class="table-scroll"><table class="steps"><thead><tr><th scope="col">${w.key}</th><th scope="col">${w.days}</th><th scope="col">${w.channel}</th><th scope="col">${w.tone}</th><th scope="col">${w.template}</th><th scope="col">${w.charges}</th><th scope="col">${w.needsApproval}</th><th scope="col">${w.remove}</th></tr></thead>
<tbody>${rows.map((r) => stepRow(f, w, r, false))}${stepRow(f, w, blank, true)}</tbody></table></div>
<h3>${w.repeat}</h3><p class="muted">${w.repeatHint}</p>
<div class="grid">${input(f, 'repeatLast.everyDays', w.repeatEvery)}${input(f, 'repeatLast.max', w.repeatMax)}</div></section>
${whenCard(org, f, w, options, lang)}
${chargesCard(f, w, options)}
${rulesCard(org, f, w, options.data)}
<section class="card"><h2>${w.sender}</h2><div class="grid">${input(f, 'sender.name', w.senderName)}${input(f, 'sender.email', w.replyTo, 'email')}</div></section>
${sendingCard(org, f, options.relayAddress ?? 'the relay address')}
<section class="card"><h2>${w.branding}</h2><div class="grid">${input(f, 'branding.logoUrl', w.logo, 'url')}${input(f, 'branding.colour', w.colour)}</div>
${textarea(f, 'branding.signature', w.signature)}${textarea(f, 'branding.legalFooter', w.legalFooter)}</section>
<section class="card"><h2>${w.notifications}</h2>${checkbox(f, 'notifications.digest', w.digest)}
<div class="grid">${input(f, 'notifications.email', w.digestEmail, 'email')}${input(f, 'notifications.hour', w.digestHour)}</div></section>
<p><button type="submit">${w.save}</button> <a class="button secondary" href="/orgs/${org.id}">${w.cancel}</a></p>
</div>
${previewCard(org, f, w, options.data, lang, options.today)}
</form>
<section class="card"><h2>${w.testTitle}</h2><p class="muted">${w.testHint(org.sender.email)}</p>
<form method="post" action="/orgs/${org.id}/test-email"><input type="hidden" name="${CSRF_FIELD}" value="${csrf}"><button class="secondary">${w.testTitle}</button></form></section>`,
    { nav: ownerNav(org, 'settings'), lang, scripts: [scriptPath('settings-preview')] },
  );
}

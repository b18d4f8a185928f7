import type { Organisation } from '../../core/organisation.ts';
import { describeStep } from '../../core/schedule/index.ts';
import type { SyncState } from '../../core/store.ts';
import type { CatchUpItem, CatchUpReview } from '../../services/index.ts';
import { scriptPath } from '../assets/scripts.ts';
import { zonedStamp } from '../dashboard/cards.ts';
import { formatAmount } from '../dashboard/format.ts';
import { dashboardBody, type DashboardView } from '../dashboard/views.ts';
import { html, type Html } from '../html.ts';
import { page } from '../layout.ts';
import { CSRF_FIELD } from '../middleware/csrf.ts';
import { ownerNav } from '../owner-nav.ts';
import { pageLanguage } from '../words.ts';
import { type Choice, choiceField, defaultChoice, LISTED_PER_GROUP } from './choices.ts';
import { type StartWords, startWords } from './words.ts';
import { firstSyncDone } from './sync-state.ts';

/** A submitted review that was refused: the owner's picks kept, the errors beside them, and why. */
export type StartForm = { picked: Map<string, string>; errors: Record<string, string>; problem: string | null };

export type StartView = {
  dashboard: DashboardView;
  /** Null until the first sync is done (the review is a dry run over what the sync brought in). */
  review: CatchUpReview | null;
  form: StartForm | null;
};

const ENTITIES = ['contacts', 'invoices', 'payments', 'creditNotes'] as const;

/** Where the first sync is, as the server sees it now; the script keeps it live, the Refresh link works without it. */
export function syncNow(sync: SyncState, zone: string, w: StartWords): string {
  if (sync.running) {
    const key = `entity_${sync.running.entity}` as `entity_${(typeof ENTITIES)[number]}`;
    const entity = Object.hasOwn(w, key) ? w[key] : sync.running.entity;
    return w.reading
      .replace('{entity}', entity)
      .replace('{pages}', String(sync.running.pages))
      .replace('{records}', String(sync.running.records));
  }
  return sync.lastSyncAt ? w.doneAt(zonedStamp(sync.lastSyncAt, zone)) : w.waiting;
}

/** While the first sync runs (or has not started) the page follows it live; once done it only says so (no stream, no reload). */
function progressCard(org: Organisation, sync: SyncState, w: StartWords): Html {
  if (firstSyncDone(sync))
    return html`<section class="card sync-progress" aria-labelledby="progress-title"><h2 id="progress-title">${w.syncTitle}</h2>
<p>${syncNow(sync, org.timeZone, w)}</p></section>`;
  const entityWords = ENTITIES.map((e) => html` data-entity-${e.toLowerCase()}="${w[`entity_${e}`]}"`);
  return html`<section class="card sync-progress" aria-labelledby="progress-title" data-sync-progress data-src="/orgs/${org.id}/sync/progress"
 data-reading="${w.reading}" data-waiting="${w.waiting}" data-done="${w.done}"${entityWords}>
<h2 id="progress-title">${w.syncTitle}</h2>
<p aria-live="polite" data-live>${syncNow(sync, org.timeZone, w)}</p>
<p><a href="/orgs/${org.id}" data-refresh>${w.refresh}</a></p></section>`;
}

function choiceCell(org: Organisation, item: CatchUpItem, review: CatchUpReview, form: StartForm | null, w: StartWords): Html {
  const name = choiceField(item.invoice.id);
  const current = (form?.picked.get(item.invoice.id) as Choice | undefined) ?? defaultChoice(item, review);
  const error = form?.errors[name];
  const options: { value: Choice; label: string }[] = [
    { value: 'planned', label: w.asPlanned },
    ...(review.gentleStep ? [{ value: 'gentle' as const, label: w.gentle(describeStep(review.gentleStep, org.locale)) }] : []),
    { value: 'out', label: w.leaveOut },
  ];
  const radios = options.map(
    (o) =>
      html`<label class="inline"><input type="radio" name="${name}" value="${o.value}"${o.value === current ? html` checked` : ''}${error ? html` aria-invalid="true" aria-describedby="${name}-error"` : ''}> ${o.label}</label>`,
  );
  return html`<div class="${error ? 'field field-error' : 'field'}" data-field="${name}"><fieldset class="choices"><legend class="sr-only">${w.choiceFor(item.invoice.number)}</legend>${radios}</fieldset>
${error ? html`<p class="error" id="${name}-error" role="alert">${error}</p>` : ''}</div>`;
}

function reviewGroup(
  org: Organisation,
  group: CatchUpReview['groups'][number],
  review: CatchUpReview,
  form: StartForm | null,
  w: StartWords,
  n: number,
): Html {
  const step = group.step ? describeStep(group.step, org.locale) : w.noStep;
  const listed = group.items.slice(0, LISTED_PER_GROUP);
  const rows = listed.map(
    (
      item,
    ) => html`<tr><th scope="row"><a href="/orgs/${org.id}/invoices/${item.invoice.id}">${item.invoice.number}</a></th><td>${item.contactName}</td>
<td class="num">${formatAmount(item.invoice.amountDueMinor, item.invoice.currency, org.locale)}</td><td class="num">${item.daysOverdue}</td>
<td>${choiceCell(org, item, review, form, w)}</td></tr>`,
  );
  const rest = group.items.length - listed.length;
  return html`<h3 id="group-${n}">${w.groupStep(step, group.items.length)} <span class="muted">(${w[`group_${group.kind}`]})</span></h3>
<div class="scroll"><table class="review" aria-labelledby="group-${n}"><thead><tr><th scope="col">${w.invoice}</th><th scope="col">${w.customer}</th><th scope="col">${w.amount}</th>
<th scope="col">${w.overdue}</th><th scope="col">${w.choice}</th></tr></thead><tbody>${rows}</tbody></table></div>
${rest > 0 ? html`<p class="muted">${w.notListed(rest)}</p>` : ''}`;
}

function reviewCard(org: Organisation, csrf: string, review: CatchUpReview | null, form: StartForm | null, w: StartWords): Html {
  const title = html`<h2 id="review-title">${w.reviewTitle}</h2>`;
  if (!review) return html`<section class="card" aria-labelledby="review-title">${title}<p class="muted">${w.reviewLater}</p></section>`;
  const failed = form ? Object.keys(form.errors).length > 0 || !!form.problem : false;
  const groups = review.groups.filter((g) => g.items.length > 0);
  return html`<section class="card review" aria-labelledby="review-title">${title}
${failed ? html`<p class="notice bad" role="alert">${w.nothingChanged} ${form?.problem ?? w.badChoice}</p>` : ''}
<form method="post" action="/orgs/${org.id}/start"><input type="hidden" name="${CSRF_FIELD}" value="${csrf}">
${
  review.total === 0 || groups.length === 0
    ? html`<p>${w.reviewNone}</p>`
    : html`<p>${w.reviewIntro(review.total)}</p>${review.gentleStep ? html`<p class="muted">${w.longOverdue}</p>` : ''}
${groups.map((g, i) => reviewGroup(org, g, review, form, w, i))}`
}
<p class="turn-on"><button type="submit">${w.turnOn}</button> <span class="muted">${w.turnOnHint}</span></p></form></section>`;
}

/** The page an organisation in preview opens on: the banner, the first sync live, the catch-up review, then the figures. */
export function startPageView(v: StartView): Html {
  const { org, csrf } = v.dashboard;
  const w = startWords(org.locale);
  return page(
    `${w.title} · ${org.name}`,
    html`<h1>${org.name}</h1>
<p class="notice warn preview-banner" role="status"><strong>${w.banner}</strong> ${w.bannerMore}</p>
${v.dashboard.notice ? html`<p class="notice" role="status">${v.dashboard.notice}</p>` : ''}
${progressCard(org, v.dashboard.data.sync, w)}
${reviewCard(org, csrf, v.review, v.form, w)}
<h2 class="section">${w.figuresTitle}</h2>
${dashboardBody(v.dashboard)}`,
    {
      lang: pageLanguage(org.locale),
      nav: ownerNav(org, 'home'),
      // once the first sync is done there is nothing to follow: the script would only reload the page again and again
      scripts: firstSyncDone(v.dashboard.data.sync) ? [] : [scriptPath('sync-progress')],
    },
  );
}

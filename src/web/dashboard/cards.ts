import { localTime } from '../../core/calendar.ts';
import type { ConnectionExpiry } from '../../core/connection-expiry.ts';
import type { Organisation } from '../../core/organisation.ts';
import { formatDay } from '../../core/schedule/index.ts';
import type { SyncState } from '../../core/store.ts';
import { html, type Html } from '../html.ts';
import { CSRF_FIELD } from '../middleware/csrf.ts';
import type { DashboardWords } from './words.ts';

/** "2026-12-02 07:31 (Europe/Paris)": the owner reads times in the organisation's zone, named so nobody guesses. */
export function zonedStamp(iso: string, zone: string): string {
  const t = localTime(new Date(iso), zone);
  return `${t.date} ${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')} (${zone})`;
}

export function connectionCard(org: Organisation, csrf: string, ledgerName: string, w: DashboardWords): Html {
  const action =
    org.connectionStatus === 'connected'
      ? html`<form class="inline" method="post" action="/orgs/${org.id}/disconnect"><input type="hidden" name="${CSRF_FIELD}" value="${csrf}"><button class="danger">${w.disconnect(ledgerName)}</button></form>`
      : html`<a class="button" href="/connect/${org.vendor}">${w.reconnect(ledgerName)}</a>`;
  const hint =
    org.connectionStatus === 'needs-reconnect'
      ? html`<p>${w.needsReconnect(ledgerName)}</p>`
      : org.connectionStatus === 'disconnected'
        ? html`<p>${w.disconnected}</p>`
        : '';
  return html`<section class="card" aria-labelledby="connection-title"><h2 id="connection-title">${w.connectionTitle}</h2>
<p><span class="status ${org.connectionStatus}">${w[`status_${org.connectionStatus}`]}</span> ${w.to(ledgerName)}</p>${hint}${action}</section>`;
}

export function syncCard(sync: SyncState, zone: string, w: DashboardWords): Html {
  const total = sync.progressTotal;
  const progress =
    total && total > 0 && sync.progressDone < total
      ? html`<p>${w.firstSync(sync.progressDone, total)}</p><progress max="${total}" value="${sync.progressDone}">${Math.round((sync.progressDone / total) * 100)}%</progress>`
      : '';
  return html`<section class="card" aria-labelledby="sync-title"><h2 id="sync-title">${w.syncTitle}</h2>${progress}
<p>${sync.lastSyncAt ? w.lastSynced(zonedStamp(sync.lastSyncAt, zone)) : w.notSynced}</p>
${sync.lastError ? html`<p class="notice bad">${w.syncFailed(sync.lastError)}</p>` : ''}</section>`;
}

/** A month ahead, then loudly in the last week: reconnecting in time keeps the reminders going without a gap. */
export function expiryNotice(org: Organisation, expiry: ConnectionExpiry | null, ledgerName: string, w: DashboardWords): Html | '' {
  // a connection that already needs reconnecting, or was disconnected, says so in its card
  if (!expiry || org.connectionStatus !== 'connected') return '';
  const day = formatDay(expiry.on, org.locale);
  const sentence = expiry.level === 'expired' ? w.expired(ledgerName, day) : w.expires(ledgerName, day, w.inDays(expiry.daysLeft));
  const link = html`<a class="button secondary" href="/connect/${org.vendor}">${w.reconnect(ledgerName)}</a>`;
  return expiry.level === 'soon'
    ? html`<p class="notice warn expiry">${sentence} ${link}</p>`
    : html`<p class="notice bad expiry" role="alert"><strong>${sentence}</strong> ${link}</p>`;
}

/** Sending is on: since when, and the way back to preview (relance then sends nothing). */
export function sendingCard(org: Organisation, csrf: string, w: DashboardWords): Html {
  const since = org.sendingOnSince ? zonedStamp(org.sendingOnSince, org.timeZone) : null;
  return html`<section class="card" aria-labelledby="sending-title"><h2 id="sending-title">${w.sendingTitle}</h2>
${since ? html`<p>${w.sendingOn(since)}</p>` : ''}
<form class="inline" method="post" action="/orgs/${org.id}/preview"><input type="hidden" name="${CSRF_FIELD}" value="${csrf}"><button class="secondary">${w.backToPreview}</button></form>
<p><a href="/orgs/${org.id}/outbox">${w.outboxLink}</a></p></section>`;
}

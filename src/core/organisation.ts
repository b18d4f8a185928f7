import type { Vendor } from './ledger.ts';
import type { LedgerPlace } from './place.ts';
import type { PolicySet } from './policy.ts';

export type ConnectionStatus = 'connected' | 'needs-reconnect' | 'disconnected';

export type Branding = {
  logoUrl?: string | null;
  colour?: string | null;
  signature?: string | null;
  legalFooter?: string | null;
};

export type SenderIdentity = {
  /** Shown in From: the business's name. */
  name: string;
  /** The owner's address: Reply-To, and From when they send through their own SMTP. */
  email: string;
};

/**
 * The owner's own mail server: reminders then leave From the owner. The password is sealed with the secret box
 * (context: the organisation id) and is never shown or logged; `updatedAt` changes on every save, so a cached transport
 * built from older settings is dropped.
 */
export type OwnSmtp = {
  host: string;
  port: number;
  /** TLS from the first byte (usually 465); otherwise STARTTLS when offered. */
  secure: boolean;
  user: string;
  passwordSealed: string;
  updatedAt: string;
};

/** One connected ledger organisation: the tenant. */
export type Organisation = {
  id: string;
  vendor: Vendor;
  /** The vendor's id of the organisation (the tenant, company or realm id the ledger gives it). */
  externalId: string;
  name: string;
  /** IANA zone: every date and the send window are read on its wall clock. */
  timeZone: string;
  locale: 'fr' | 'en' | (string & {});
  /** ISO 3166 alpha-2; picks the charges regime. */
  countryCode: string;
  /**
   * What the ledger last said of where the organisation is (null: never read). timeZone, locale and countryCode follow
   * it on each sync unless the owner changed them.
   */
  ledgerPlace?: LedgerPlace | null;
  /**
   * When ledgerPlace was last read from the ledger (ISO instant; null: never). A scheduled sync re-reads it only when
   * this is a day old or more: the read costs vendor calls and the place rarely changes.
   */
  ledgerPlaceReadAt?: string | null;
  sender: SenderIdentity;
  branding: Branding;
  policy: PolicySet;
  connectionStatus: ConnectionStatus;
  /** The organisation whose stored tokens this one uses (one vendor consent covering several organisations); null: its own. */
  tokenKey: string | null;
  /** Sending through the owner's own SMTP server; null or absent: the platform relay. */
  smtp?: OwnSmtp | null;
  /**
   * When the owner turned sending on (ISO instant). null: the organisation is in preview — relance syncs and shows
   * what it would do, and sends nothing (every new connection starts so). The store always gives a string or null;
   * absent (an object built in a test) counts as on.
   */
  sendingOnSince?: string | null;
  /** What relance tells the owner by email; absent: DEFAULT_NOTIFICATIONS. */
  notifications?: OwnerNotifications;
  createdAt: string;
};

/** The owner's daily digest: disputes, broken promises, uncertain sends, approvals waiting, a connection to renew. */
export type OwnerNotifications = {
  digest: boolean;
  /** Where it goes; null: the sender's address. */
  email: string | null;
  /** Local hour (organisation's zone) it is sent at, 0-23. */
  hour: number;
};

export const DEFAULT_NOTIFICATIONS: OwnerNotifications = { digest: true, email: null, hour: 8 };

/** True while the owner has not turned sending on: nothing may leave for this organisation's customers. */
export function inPreview(org: Pick<Organisation, 'sendingOnSince'>): boolean {
  return org.sendingOnSince === null;
}

export function notificationsOf(org: Pick<Organisation, 'notifications'>): OwnerNotifications {
  return org.notifications ?? DEFAULT_NOTIFICATIONS;
}

/**
 * The domain of the owner's address, for Message-IDs of mail sent through their own server; null when the address has
 * no usable domain.
 */
export function senderDomain(sender: SenderIdentity): string | null {
  const at = sender.email.lastIndexOf('@');
  const domain = sender.email.slice(at + 1).toLowerCase();
  return at > 0 && /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(domain) ? domain : null;
}

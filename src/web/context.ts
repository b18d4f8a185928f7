import type { LedgerApp, TokenSet } from '../core/connection.ts';
import type { ServiceDeps } from '../services/deps.ts';

/** What src/main hands the web app. Everything concrete (store, queue, connectors) is built there. */
export type WebContext = {
  deps: ServiceDeps;
  /** The ledgers this install connects to, by id (the `:vendor` of /connect/:vendor and /webhooks/:vendor). */
  connectors: Record<string, LedgerApp>;
  /** Stores a tenant's tokens (encrypted) once the organisation exists. */
  saveTokens(orgId: string, tokens: TokenSet): Promise<void>;
  /**
   * When the organisation's ledger connection dies unless the owner reconnects (its stored TokenSet.refreshExpiresAt,
   * an ISO instant); null when the ledger gives no such expiry or no tokens are stored. Without it, no expiry is shown.
   */
  connectionExpiry?(orgId: string): Promise<string | null>;
  /** Base URL the browser sees, for OAuth redirect URIs. */
  publicUrl: string;
  /** Signs the session cookie and the answer forms. */
  cookieSecret: string;
  secureCookies: boolean;
  /**
   * Seals an owner's SMTP password: the runtime's secret box (`secretBox(config.secretKey)`), context = organisation id.
   * Without it, own SMTP cannot be saved (the settings page says so).
   */
  secrets?: { seal(plain: string, context: string): string };
  /**
   * An owner's own SMTP server may be on this machine or a private network (config.allowPrivateSmtpHosts: the demo
   * only). Default: such hosts are refused in the settings form.
   */
  allowPrivateSmtpHosts?: boolean;
  /** How the platform relay addresses mail (config MAIL_RELAY_ADDRESS, MAIL_DOMAIN): test emails look like real ones. */
  relay?: { address: string; domain: string };
  /**
   * Who may embed the pages in a frame (config FRAME_ANCESTORS). Default: this origin and the marketplaces named in
   * manifest/*.json (`manifestFrameAncestors`).
   */
  frameAncestors?: string[];
  /** Readiness checks (`GET /health/ready`): each throws when its dependency (store, queue) does not answer in time. */
  readiness?: Record<string, () => Promise<void>>;
  /** True behind a reverse proxy that appends the client's address to X-Forwarded-For (config TRUST_PROXY). */
  trustProxy?: boolean;
  /** Connect starts one client address may make per minute (default 10): each one stores an OAuth state. */
  connectStartsPerMinute?: number;
};

export type Session = {
  /** Organisations this browser connected or launched: the only ones it may see. */
  orgIds: string[];
  /** Double-submit token every form POST must echo. */
  csrf: string;
  /** The OAuth state this browser started, so a callback cannot be replayed into someone else's session. */
  oauthState: string | null;
  /** Unix seconds after which the cookie is refused. */
  exp: number;
};

export type WebEnv = {
  Variables: {
    ctx: WebContext;
    session: Session;
  };
};

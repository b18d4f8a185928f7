import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

/**
 * Settings from the environment, validated once. Every one has an embedded default so a newcomer runs relance with no
 * Redis, no PostgreSQL and no vendor account: PGlite in ./data, the in-process queue, the Xero sandbox, an outbox folder.
 */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  PUBLIC_URL: z.url().optional(),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().optional(),
  REDIS_URL: z.string().optional(),
  RELANCE_SECRET_KEY: z.string().optional(),
  XERO_CLIENT_ID: z.string().optional(),
  XERO_CLIENT_SECRET: z.string().optional(),
  XERO_WEBHOOK_KEY: z.string().optional(),
  /** One origin serving Xero's paths: the sandbox server. Unset with no client id: the demo starts one. */
  XERO_ORIGIN: z.url().optional(),
  SMTP_URL: z.string().optional(),
  MAIL_RELAY_ADDRESS: z.email().default('reminders@relance.invalid'),
  MAIL_DOMAIN: z.string().default('relance.invalid'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PLAN_EVERY_MINUTES: z.coerce.number().int().min(1).default(15),
  SYNC_EVERY_MINUTES: z.coerce.number().int().min(1).default(60),
  /**
   * Who may embed the pages in a frame: origins separated by spaces or commas, like "'self' https://apps.example.com".
   * Unset: this origin and the marketplaces named in manifest/*.json.
   */
  FRAME_ANCESTORS: z.string().trim().optional().transform((v) => (v ? v.split(/[\s,]+/).filter(Boolean) : undefined))
    .refine((list) => !list || list.every((o) => o === "'self'" || o === "'none'" || /^https:\/\/(\*\.)?[a-z0-9.-]+(:\d{1,5})?$/i.test(o)),
      "each entry is 'self', 'none' or an https origin like https://apps.example.com"),
  /** "true" behind a reverse proxy that appends the client's address to X-Forwarded-For (rate limits read it). */
  TRUST_PROXY: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
});

export type Config = z.infer<typeof envSchema> & {
  dataDir: string;
  publicUrl: string;
  secretKey: string;
  linkSecret: string;
  cookieSecret: string;
  outboxDir: string;
  /** True when no real Xero app is configured: the demo's sandbox stands in. */
  sandbox: boolean;
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`environment variable ${issue.path.join('.')}: ${issue.message}`);
  }
  const e = parsed.data;
  const dataDir = resolve(e.DATA_DIR);
  const secretKey = e.RELANCE_SECRET_KEY ?? demoSecret(dataDir);
  const derive = (purpose: string) => createHmac('sha256', Buffer.from(secretKey, 'base64')).update(purpose).digest('base64url');
  return {
    ...e,
    dataDir,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    secretKey,
    linkSecret: derive('answer-links'),
    cookieSecret: derive('session-cookies'),
    outboxDir: join(dataDir, 'outbox'),
    sandbox: !e.XERO_CLIENT_ID,
  };
}

/** The demo keeps a generated key in its data directory; production sets RELANCE_SECRET_KEY. */
function demoSecret(dataDir: string): string {
  const file = join(dataDir, 'secret.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32).toString('base64');
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}

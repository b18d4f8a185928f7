import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

/**
 * Settings from the environment, validated once. The demo runs with none of them (PGlite in ./data, the in-process
 * queue, the Xero sandbox, an outbox folder); `serve` and `worker` are production and refuse to start on defaults.
 */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  PUBLIC_URL: z.url().optional(),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().optional(),
  REDIS_URL: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || undefined)
    .superRefine((v, ctx) => {
      if (v) checkRedisUrl(v, ctx);
    }),
  /** Namespaces every Redis key: two deployments sharing one Redis must use two prefixes. */
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'letters, digits and _ . : - only (at most 64)')
    .default('relance'),
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
  FRAME_ANCESTORS: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v.split(/[\s,]+/).filter(Boolean) : undefined))
    .refine(
      (list) => !list || list.every((o) => o === "'self'" || o === "'none'" || /^https:\/\/(\*\.)?[a-z0-9.-]+(:\d{1,5})?$/i.test(o)),
      "each entry is 'self', 'none' or an https origin like https://apps.example.com",
    ),
  /** "true" behind a reverse proxy that appends the client's address to X-Forwarded-For (rate limits read it). */
  TRUST_PROXY: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});

/** bull would read `redis:/x` or `localhost` as localhost db 0, silently: only a full redis URL is accepted. */
function checkRedisUrl(value: string, ctx: z.RefinementCtx): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: `"${value}" is not a URL; expected redis://[user:password@]host[:port][/db]` });
    return;
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:')
    ctx.addIssue({ code: 'custom', message: `expected redis:// or rediss://, got ${url.protocol}//` });
  else if (!url.hostname) ctx.addIssue({ code: 'custom', message: 'names no host; expected redis://host[:port][/db]' });
  else if (!/^\/?(\d{1,2})?$/.test(url.pathname))
    ctx.addIssue({ code: 'custom', message: `the database "${url.pathname.slice(1)}" is not a number (expected /0 … /15)` });
}

/**
 * - `production` (serve, worker): every secret and ledger credential comes from the environment, or nothing starts.
 * - `demo` (demo, sandbox): the Xero sandbox's client stands in, and a secret key is generated into DATA_DIR.
 * - `local` (migrate, status, plan, run…): the environment's key, or the one `relance demo` kept in DATA_DIR.
 */
export type ConfigMode = 'production' | 'demo' | 'local';

export type Config = z.infer<typeof envSchema> & {
  dataDir: string;
  publicUrl: string;
  secretKey: string;
  linkSecret: string;
  cookieSecret: string;
  outboxDir: string;
  /** True when no real Xero app is configured: only the demo may then stand the sandbox in. */
  sandbox: boolean;
  /**
   * Whether an owner's own SMTP server may be on this machine or a private network. Only the demo (`demo`, and the
   * sandbox it runs) allows it; everywhere else such hosts are refused when saved and again after DNS when connecting.
   */
  allowPrivateSmtpHosts: boolean;
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * What a ledger needs to run for real: its OAuth app and its webhook key. At least one ledger must be complete in
 * production. Keyed by the variables' prefix; the next connectors add their line here.
 */
export const LEDGER_CREDENTIALS: readonly (readonly (keyof z.infer<typeof envSchema>)[])[] = [
  ['XERO_CLIENT_ID', 'XERO_CLIENT_SECRET', 'XERO_WEBHOOK_KEY'],
];

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export function loadConfig(env: NodeJS.ProcessEnv = process.env, mode: ConfigMode = 'local'): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `environment variable ${issue.path.join('.')}: ${issue.message}`).join('\n'));
  }
  const e = parsed.data;
  if (mode === 'production') {
    const missing = productionProblems(e);
    if (missing.length)
      throw new ConfigError(`refusing to start without a production configuration:\n${missing.map((m) => `  ${m}`).join('\n')}`);
  }
  const dataDir = resolve(e.DATA_DIR);
  const secretKey = e.RELANCE_SECRET_KEY ?? (mode === 'demo' ? demoSecret(dataDir) : keptSecret(dataDir));
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
    allowPrivateSmtpHosts: mode === 'demo',
  };
}

/** One line per variable that is missing or wrong, so the operator fixes them all in one go. */
export function productionProblems(e: z.infer<typeof envSchema>): string[] {
  const problems: string[] = [];
  const key = e.RELANCE_SECRET_KEY;
  if (!key)
    problems.push(
      'RELANCE_SECRET_KEY is not set: 32 random bytes in base64 (openssl rand -base64 32); it seals tokens, sessions and answer links',
    );
  else if (Buffer.from(key, 'base64').length !== 32)
    problems.push('RELANCE_SECRET_KEY must be 32 bytes, base64-encoded (openssl rand -base64 32)');
  const complete = LEDGER_CREDENTIALS.some((names) => names.every((n) => e[n]));
  if (!complete) {
    for (const names of LEDGER_CREDENTIALS) {
      for (const n of names) if (!e[n]) problems.push(`${n} is not set: a ledger needs its app's client id, client secret and webhook key`);
    }
  }
  if (!e.PUBLIC_URL) problems.push('PUBLIC_URL is not set: the https address users and ledgers reach relance at');
  else {
    const url = new URL(e.PUBLIC_URL);
    if (url.protocol !== 'https:' && !LOOPBACK_HOSTS.has(url.hostname)) {
      problems.push(`PUBLIC_URL must be https (got ${url.protocol}//${url.host}): sessions and OAuth redirects travel over it`);
    }
  }
  return problems;
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

/** A maintenance command reads the demo's key but never makes one: a new key would not open what the old one sealed. */
function keptSecret(dataDir: string): string {
  const file = join(dataDir, 'secret.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  throw new ConfigError(`RELANCE_SECRET_KEY is not set (and ${file} does not exist: only \`relance demo\` generates one)`);
}

import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { ledgers as registeredLedgers } from '../../connectors/index.ts';
import type { ConnectorDefinition, LedgerSettings } from '../../connectors/shared/definition.ts';

/**
 * Settings from the environment, validated once. The demo runs with none of them (PGlite in ./data, the in-process
 * queue, each ledger's sandbox, an outbox folder); `serve` and `worker` are production and refuse to start on defaults.
 * Each ledger's own variables are its definition's business (`ConnectorDefinition.env`): this file names none.
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
 * - `production` (serve, worker): the secrets and at least one ledger's credentials come from the environment, or
 *   nothing starts; a ledger without its variables is off.
 * - `demo` (demo, sandbox): a ledger without credentials runs on its sandbox, and a secret key is generated into DATA_DIR.
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
  /** Every registered ledger, on (its environment complete) or off (and for want of what), in the registry's order. */
  ledgers: LedgerStatus[];
  /**
   * Whether an owner's own SMTP server may be on this machine or a private network. Only the demo (`demo`, and the
   * sandbox it runs) allows it; everywhere else such hosts are refused when saved and again after DNS when connecting.
   */
  allowPrivateSmtpHosts: boolean;
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** A registered ledger as this environment leaves it: on, with its app's credentials and config, or off and why. */
export type LedgerStatus =
  | { id: string; displayName: string; on: true; definition: ConnectorDefinition; settings: LedgerSettings }
  | { id: string; displayName: string; on: false; definition: ConnectorDefinition; missing: string[] };

/**
 * Each definition's own variables, validated by its own schema. A variable set but malformed is a mistake to fix
 * (returned in `problems`); one missing only turns its ledger off.
 */
export function ledgerStatuses(
  env: NodeJS.ProcessEnv,
  definitions: readonly ConnectorDefinition[] = registeredLedgers,
): { ledgers: LedgerStatus[]; problems: string[] } {
  const ledgers: LedgerStatus[] = [];
  const problems: string[] = [];
  for (const definition of definitions) {
    const { id, displayName, env: declared } = definition;
    if (!declared) {
      ledgers.push({ id, displayName, on: false, definition, missing: [`${displayName} declares no environment variables`] });
      continue;
    }
    const parsed = declared.schema.safeParse(env);
    if (!parsed.success) {
      problems.push(...parsed.error.issues.map((issue) => `environment variable ${issue.path.join('.')}: ${issue.message}`));
      ledgers.push({ id, displayName, on: false, definition, missing: parsed.error.issues.map((i) => `${i.path.join('.')} is malformed`) });
      continue;
    }
    const result = declared.settings(parsed.data);
    if (result.ok)
      ledgers.push({ id, displayName, on: true, definition: declared.configure(result.settings.config), settings: result.settings });
    else ledgers.push({ id, displayName, on: false, definition, missing: result.missing });
  }
  return { ledgers, problems };
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  mode: ConfigMode = 'local',
  definitions: readonly ConnectorDefinition[] = registeredLedgers,
): Config {
  const parsed = envSchema.safeParse(env);
  const { ledgers, problems } = ledgerStatuses(env, definitions);
  const malformed = [
    ...(parsed.success ? [] : parsed.error.issues.map((issue) => `environment variable ${issue.path.join('.')}: ${issue.message}`)),
    ...problems,
  ];
  if (!parsed.success || malformed.length) throw new ConfigError(malformed.join('\n'));
  const e = parsed.data;
  if (mode === 'production') {
    const missing = productionProblems(e, ledgers);
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
    ledgers,
    allowPrivateSmtpHosts: mode === 'demo',
  };
}

/**
 * One line per variable that is missing or wrong, so the operator fixes them all in one go. At least one ledger must
 * be complete; when none is, each says what it lacks.
 */
export function productionProblems(e: z.infer<typeof envSchema>, ledgers: readonly LedgerStatus[]): string[] {
  const problems: string[] = [];
  const key = e.RELANCE_SECRET_KEY;
  if (!key)
    problems.push(
      'RELANCE_SECRET_KEY is not set: 32 random bytes in base64 (openssl rand -base64 32); it seals tokens, sessions and answer links',
    );
  else if (Buffer.from(key, 'base64').length !== 32)
    problems.push('RELANCE_SECRET_KEY must be 32 bytes, base64-encoded (openssl rand -base64 32)');
  if (!ledgers.some((l) => l.on)) {
    if (ledgers.length === 0) problems.push('no ledger is registered (connectors/index.ts)');
    for (const ledger of ledgers) if (!ledger.on) problems.push(...ledger.missing);
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

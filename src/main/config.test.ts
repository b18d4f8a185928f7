import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ledgers as registered } from '../../connectors/index.ts';
import type { ConnectorDefinition } from '../../connectors/shared/definition.ts';
import { appSettings, optionalVar } from '../../connectors/shared/env.ts';
import { FIRST_LEDGER, variablesOf } from '../../test/support/ledgers.ts';
import { main } from './cli/index.ts';
import { ledgerLines } from './cli/ledgers.ts';
import { ConfigError, ledgerStatuses, loadConfig } from './config.ts';
import type { Runtime } from './runtime.ts';
import { webContextOf } from './web.ts';

const KEY = Buffer.alloc(32, 5).toString('base64');
/** The registered ledger these tests turn on, and its variables by role (named in test/support, not here). */
const LEDGER = FIRST_LEDGER;
const VARS = variablesOf(LEDGER);
const [CLIENT_ID, CLIENT_SECRET, WEBHOOK_KEY] = VARS.required;
const dirs: string[] = [];
const freshDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'relance-config-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const production = (over: Record<string, string | undefined> = {}) => ({
  DATA_DIR: freshDir(),
  RELANCE_SECRET_KEY: KEY,
  PUBLIC_URL: 'https://relance.example.com',
  [CLIENT_ID]: 'client',
  [CLIENT_SECRET]: 'secret',
  [WEBHOOK_KEY]: 'webhook-key',
  ...over,
});

/** A second ledger for these tests: the first one's mechanics under another id and its own variables. */
const acmeEnv = z.object({ ACME_CLIENT_ID: optionalVar(), ACME_CLIENT_SECRET: optionalVar(), ACME_WEBHOOK_KEY: optionalVar() });
const acme: ConnectorDefinition = {
  ...LEDGER,
  id: 'acme',
  displayName: 'Acme Books',
  env: {
    schema: acmeEnv,
    settings: (v: z.infer<typeof acmeEnv>) =>
      appSettings(
        'Acme Books',
        {
          clientId: ['ACME_CLIENT_ID', v.ACME_CLIENT_ID],
          clientSecret: ['ACME_CLIENT_SECRET', v.ACME_CLIENT_SECRET],
          webhookKey: ['ACME_WEBHOOK_KEY', v.ACME_WEBHOOK_KEY],
        },
        () => LEDGER.config,
      ),
    configure: () => acme,
  },
};
const twoLedgers = [LEDGER, acme];

function refusal(
  env: Record<string, string | undefined>,
  mode: 'production' | 'local' | 'demo' = 'production',
  definitions: readonly ConnectorDefinition[] = [LEDGER],
): string {
  try {
    loadConfig(env, mode, definitions);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('production mode (serve, worker)', () => {
  it("starts with a secret key, one ledger's credentials and an https PUBLIC_URL", () => {
    const config = loadConfig(production(), 'production');
    expect(config.ledgers.find((l) => l.id === LEDGER.id)?.on).toBe(true);
    expect(config.secretKey).toBe(KEY);
  });

  it('refuses to start on defaults, with one line naming each missing variable', () => {
    const dir = freshDir();
    const message = refusal({ DATA_DIR: dir }, 'production', [LEDGER]);
    const lines = message
      .split('\n')
      .slice(1)
      .map((l) => l.trim());
    expect(lines.map((l) => l.split(' ')[0])).toEqual(['RELANCE_SECRET_KEY', CLIENT_ID, CLIENT_SECRET, WEBHOOK_KEY, 'PUBLIC_URL']);
    // nothing generated behind the operator's back: a restart on an ephemeral disk would lose every token
    expect(existsSync(join(dir, 'secret.key'))).toBe(false);
  });

  it('names only what is missing: a webhook key alone', () => {
    const message = refusal(production({ [WEBHOOK_KEY]: undefined }));
    expect(
      message
        .split('\n')
        .slice(1)
        .map((l) => l.trim().split(' ')[0]),
    ).toEqual([WEBHOOK_KEY]);
  });

  it('runs with one ledger complete and says the other is off for want of what', () => {
    const config = loadConfig(production(), 'production', twoLedgers);
    expect(ledgerLines(config.ledgers)).toEqual([
      `ledger ${LEDGER.displayName} (${LEDGER.id}): on`,
      'ledger Acme Books (acme): off, ACME_CLIENT_ID is not set: Acme Books needs the client id of your app; ' +
        'ACME_CLIENT_SECRET is not set: Acme Books needs the client secret of your app; ' +
        'ACME_WEBHOOK_KEY is not set: Acme Books needs the key its webhooks are signed with',
    ]);
  });

  it('turns two ledgers on, each with its own credentials and webhook key', () => {
    const config = loadConfig(
      production({ ACME_CLIENT_ID: 'acme-client', ACME_CLIENT_SECRET: 'acme-secret', ACME_WEBHOOK_KEY: 'acme-key' }),
      'production',
      twoLedgers,
    );
    expect(config.ledgers.map((l) => (l.on ? [l.id, l.settings.credentials.clientId, l.settings.webhookKey] : [l.id, 'off']))).toEqual([
      [LEDGER.id, 'client', 'webhook-key'],
      ['acme', 'acme-client', 'acme-key'],
    ]);
  });

  it('refuses to start with no ledger complete, naming what each one lacks', () => {
    const message = refusal(production({ [CLIENT_SECRET]: undefined, ACME_WEBHOOK_KEY: 'k' }), 'production', twoLedgers);
    expect(
      message
        .split('\n')
        .slice(1)
        .map((l) => l.trim().split(' ')[0]),
    ).toEqual([CLIENT_SECRET, 'ACME_CLIENT_ID', 'ACME_CLIENT_SECRET']);
  });

  it("refuses a ledger's variable that is set but malformed, naming it", () => {
    for (const d of registered) {
      const origin = variablesOf(d).origin;
      // a variable's name is [A-Z0-9_]: nothing to escape
      expect(refusal(production({ [origin]: 'not a url' }), 'production', registered)).toMatch(
        new RegExp(`^environment variable ${origin}: `),
      );
    }
  });

  it('reads every registered ledger by default', () => {
    const config = loadConfig(production(), 'production');
    expect(config.ledgers.map((l) => l.id)).toEqual(registered.map((d) => d.id));
  });

  it('refuses a secret key that is not 32 bytes of base64', () => {
    expect(refusal(production({ RELANCE_SECRET_KEY: 'too-short' }))).toMatch(/RELANCE_SECRET_KEY must be 32 bytes/);
  });

  it('wants https for PUBLIC_URL unless it is loopback', () => {
    expect(refusal(production({ PUBLIC_URL: 'http://relance.example.com' }))).toMatch(/PUBLIC_URL must be https/);
    for (const url of ['http://localhost:3000', 'http://127.0.0.1:3000', 'http://[::1]:3000']) {
      expect(loadConfig(production({ PUBLIC_URL: url }), 'production').publicUrl).toBe(url);
    }
  });
});

describe('demo and maintenance commands', () => {
  it('lets only the demo generate the secret key into DATA_DIR', () => {
    const dir = freshDir();
    expect(refusal({ DATA_DIR: dir }, 'local')).toMatch(/RELANCE_SECRET_KEY is not set/);
    expect(existsSync(join(dir, 'secret.key'))).toBe(false);
    const demo = loadConfig({ DATA_DIR: dir }, 'demo');
    // no ledger has credentials: each is off, and the demo stands its sandbox in
    expect(demo.ledgers.every((l) => !l.on)).toBe(true);
    expect(readFileSync(join(dir, 'secret.key'), 'utf8').trim()).toBe(demo.secretKey);
    // later maintenance commands on the demo's data read the same key
    expect(loadConfig({ DATA_DIR: dir }, 'local').secretKey).toBe(demo.secretKey);
  });

  it("lets only the demo take an owner's SMTP server on this machine or a private network, down to the settings form", () => {
    const dir = freshDir();
    const demo = loadConfig({ DATA_DIR: dir }, 'demo');
    const local = loadConfig({ DATA_DIR: dir }, 'local');
    const prod = loadConfig(production(), 'production');
    expect([demo.allowPrivateSmtpHosts, local.allowPrivateSmtpHosts, prod.allowPrivateSmtpHosts]).toEqual([true, false, false]);
    const runtimeOf = (config: typeof demo) =>
      ({ config, deps: {}, connectors: {}, vault: {}, secrets: {}, readiness: {} }) as unknown as Runtime;
    expect(webContextOf(runtimeOf(demo)).allowPrivateSmtpHosts).toBe(true);
    expect(webContextOf(runtimeOf(prod)).allowPrivateSmtpHosts).toBe(false);
  });
});

describe('Redis settings', () => {
  it('refuses a REDIS_URL bull would silently read as localhost db 0', () => {
    for (const url of ['localhost:6379', 'redis:/nohost', 'http://cache:6379', 'redis://cache:6379/jobs']) {
      expect(refusal({ DATA_DIR: freshDir(), RELANCE_SECRET_KEY: KEY, REDIS_URL: url }, 'local')).toMatch(
        /^environment variable REDIS_URL: /,
      );
    }
  });

  it('accepts redis and rediss URLs with a database number, and treats an empty one as unset', () => {
    const base = { DATA_DIR: freshDir(), RELANCE_SECRET_KEY: KEY };
    expect(loadConfig({ ...base, REDIS_URL: 'redis://cache.internal:6380/2' }).REDIS_URL).toBe('redis://cache.internal:6380/2');
    expect(loadConfig({ ...base, REDIS_URL: 'rediss://user:pw@cache.internal' }).REDIS_URL).toBe('rediss://user:pw@cache.internal');
    expect(loadConfig({ ...base, REDIS_URL: '' }).REDIS_URL).toBeUndefined();
  });

  it('namespaces Bull keys with REDIS_PREFIX, "relance" by default', () => {
    const base = { DATA_DIR: freshDir(), RELANCE_SECRET_KEY: KEY };
    expect(loadConfig(base).REDIS_PREFIX).toBe('relance');
    expect(loadConfig({ ...base, REDIS_PREFIX: 'relance-staging' }).REDIS_PREFIX).toBe('relance-staging');
    expect(refusal({ ...base, REDIS_PREFIX: 'has space' }, 'local')).toMatch(/REDIS_PREFIX/);
  });
});

describe('relance serve and worker on defaults', () => {
  it('exit 2 before opening anything, with one line per missing variable of every registered ledger', async () => {
    const saved = { ...process.env };
    // what each registered ledger lacks with none of its variables set, by name
    const ledgerVars = ledgerStatuses({}).ledgers.flatMap((l) => (l.on ? [] : l.missing.map((m) => m.split(' ')[0]!)));
    expect(ledgerVars).toEqual(registered.flatMap((d) => variablesOf(d).required));
    try {
      for (const name of ['RELANCE_SECRET_KEY', 'PUBLIC_URL', ...ledgerVars]) delete process.env[name];
      process.env.DATA_DIR = freshDir();
      for (const command of ['serve', 'worker']) {
        let err = '';
        const code = await main([command], {
          stdout: () => {},
          stderr: (s) => {
            err += s;
          },
        });
        expect(code).toBe(2);
        expect(
          err
            .trim()
            .split('\n')
            .slice(1)
            .map((l) => l.trim().split(' ')[0]),
        ).toEqual(['RELANCE_SECRET_KEY', ...ledgerVars, 'PUBLIC_URL']);
      }
    } finally {
      process.env = saved;
    }
  });
});

// biome.jsonc holds the package half of the layering (core imports only zod and decimal.js; services import no SDK,
// driver, Hono, Bull or mail library) and the import-cycle rule. A config that silently stopped matching would pass
// CI forever, so this runs Biome with the project's biome.jsonc over a few probe files and checks what it reports.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const lines = (...source: string[]) => `${source.join('\n')}\n`;

const probes: Record<string, string> = {
  'src/core/pure.ts': lines(
    "import { z } from 'zod';",
    "import Decimal from 'decimal.js';",
    "import { n } from './n.ts';",
    'export const a = [z, Decimal, n];',
  ),
  'src/core/n.ts': lines('export const n = 1;'),
  'src/core/io.ts': lines(
    "import { createHash } from 'node:crypto';",
    "import type { Kysely } from 'kysely';",
    'export const h = createHash;',
    'export type K = Kysely<unknown>;',
  ),
  'src/services/use-case.ts': lines(
    "import { randomUUID } from 'node:crypto';",
    "import { Hono } from 'hono';",
    "import Queue from 'bull';",
    "import { Pool } from 'pg';",
    'export const a = [randomUUID, Hono, Queue, Pool];',
  ),
  'src/services/use-case.test.ts': lines("import { Hono } from 'hono';", 'export const a = Hono;'),
  'src/web/a.ts': lines("import type { B } from './b.ts';", 'export type A = B | 1;'),
  'src/web/b.ts': lines("import type { A } from './a.ts';", 'export type B = A | 2;'),
};

let dir = '';
let findings: string[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'relance-lint-'));
  copyFileSync(join(root, 'biome.jsonc'), join(dir, 'biome.jsonc'));
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  for (const [file, text] of Object.entries(probes)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  execFileSync('git', ['init', '-q'], { cwd: dir }); // biome.jsonc reads .gitignore through the VCS integration
  let out = '';
  try {
    out = execFileSync(join(root, 'node_modules/.bin/biome'), ['lint', '--reporter=github', '--max-diagnostics=none', '.'], {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    out = String((error as { stdout?: string }).stdout ?? ''); // exit 1 is the expected outcome: the probes break rules
  }
  // "::error title=lint/style/noRestrictedImports,file=/tmp/…/src/core/io.ts,line=1,…" → "noRestrictedImports src/core/io.ts:1"
  findings = [...out.matchAll(/^::error title=lint\/\w+\/(\w+),file=([^,]+),line=(\d+),/gm)]
    .map((m) => `${m[1]} ${(m[2] ?? '').slice(dir.length + 1)}:${m[3]}`)
    .sort();
}, 60_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('biome.jsonc layer rules', () => {
  it('core may import zod, decimal.js and core; node:* and I/O packages fail, even as types', () => {
    expect(findings.filter((f) => f.includes('src/core/'))).toEqual([
      'noRestrictedImports src/core/io.ts:1',
      'noRestrictedImports src/core/io.ts:2',
    ]);
  });

  it('services may not import Hono, Bull or a driver; node:crypto and tests beside the code are fine', () => {
    expect(findings.filter((f) => f.includes('src/services/'))).toEqual([
      'noRestrictedImports src/services/use-case.ts:2',
      'noRestrictedImports src/services/use-case.ts:3',
      'noRestrictedImports src/services/use-case.ts:4',
    ]);
  });

  it('an import cycle fails, even one made of type-only imports', () => {
    expect(findings.filter((f) => f.includes('src/web/'))).toEqual(['noImportCycles src/web/a.ts:1', 'noImportCycles src/web/b.ts:1']);
  });
});

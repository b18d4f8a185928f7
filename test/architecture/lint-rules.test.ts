// biome.json holds the package half of the layering (core imports only zod and decimal.js; services import no SDK,
// driver, Hono, Bull or mail library) and the import-cycle rule. A config that silently stopped matching would pass
// CI forever, so this runs Biome with the project's biome.json over a few probe files and checks what it reports.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const probes: Record<string, string> = {
  'src/core/pure.ts':
    "import { z } from 'zod';\nimport Decimal from 'decimal.js';\nimport { n } from './n.ts';\nexport const a = [z, Decimal, n];\n",
  'src/core/n.ts': 'export const n = 1;\n',
  'src/core/io.ts':
    "import { createHash } from 'node:crypto';\nimport type { Kysely } from 'kysely';\nexport const h = createHash;\nexport type K = Kysely<unknown>;\n",
  'src/services/use-case.ts':
    "import { randomUUID } from 'node:crypto';\nimport { Hono } from 'hono';\nimport Queue from 'bull';\nimport { Pool } from 'pg';\nexport const a = [randomUUID, Hono, Queue, Pool];\n",
  'src/services/use-case.test.ts': "import { Hono } from 'hono';\nexport const a = Hono;\n",
  'src/web/a.ts': "import type { B } from './b.ts';\nexport type A = B | 1;\n",
  'src/web/b.ts': "import type { A } from './a.ts';\nexport type B = A | 2;\n",
};

let dir = '';
let findings: string[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'relance-lint-'));
  copyFileSync(join(root, 'biome.json'), join(dir, 'biome.json'));
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  for (const [file, text] of Object.entries(probes)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  execFileSync('git', ['init', '-q'], { cwd: dir }); // biome.json reads .gitignore through the VCS integration
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

describe('biome.json layer rules', () => {
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

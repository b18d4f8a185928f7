// The registry (connectors/index.ts) is the one list of ledgers: every definition in it is complete (a name for the
// pages, its own environment, a sandbox for the demo), and nothing in src/, tests included, names a registered ledger
// outside a comment (issue 9: `grep -ri xero src/` finds only comments naming it as an example). Tests in src/ take a
// ledger's id, display name and variables from test/ (test/web/kit.ts, test/support/ledgers.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ledgers } from '../../connectors/index.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The source with its comments blanked out, strings kept (a URL's `//` is not a comment). Template literals are read
 * as strings up to their closing backtick, `${…}` included: enough for this repository's code.
 */
function withoutComments(source: string): string {
  let out = '';
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    const next = source[i + 1];
    if (c === '/' && next === '/') {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (c === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      const stop = end === -1 ? source.length : end + 2;
      out += source.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      while (j < source.length && source[j] !== c) j += source[j] === '\\' ? 2 : 1;
      out += source.slice(i, j + 1);
      i = j + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** Each place a registered ledger's id appears in code (any case, inside a longer name too), as "file:line: text". */
function vendorMentions(files: Record<string, string>, ids: readonly string[]): string[] {
  const found: string[] = [];
  for (const [file, source] of Object.entries(files)) {
    withoutComments(source)
      .split('\n')
      .forEach((line, n) => {
        const lower = line.toLowerCase();
        for (const id of ids) if (lower.includes(id.toLowerCase())) found.push(`${file}:${n + 1}: ${line.trim()}`);
      });
  }
  return found;
}

/** The TypeScript under `folder`: what ships, or with `tests` the tests beside it too. */
function sources(folder: string, options: { tests: boolean }): Record<string, string> {
  const files: Record<string, string> = {};
  for (const e of readdirSync(join(root, folder), { withFileTypes: true, recursive: true })) {
    if (!e.isFile() || !e.name.endsWith('.ts') || (!options.tests && e.name.endsWith('.test.ts'))) continue;
    const path = join(e.parentPath, e.name);
    files[relative(root, path).split(sep).join('/')] = readFileSync(path, 'utf8');
  }
  return files;
}

describe('the ledger registry', () => {
  it('registers each ledger once, each with a display name, its own environment and a sandbox', async () => {
    expect(ledgers.length).toBeGreaterThan(0);
    expect(new Set(ledgers.map((d) => d.id)).size).toBe(ledgers.length);
    for (const d of ledgers) {
      expect(d.id, d.id).toMatch(/^[a-z][a-z0-9-]*$/); // it is a URL segment: /connect/:vendor, /webhooks/:vendor
      expect(d.displayName.trim(), d.id).not.toBe('');
      expect(d.env, `${d.id} declares no environment`).toBeDefined();
      // with nothing set, a ledger is off and names what it lacks, each line starting with a variable's name
      const empty = d.env!.settings(d.env!.schema.parse({}));
      expect(empty.ok, d.id).toBe(false);
      if (!empty.ok) for (const line of empty.missing) expect(line, d.id).toMatch(/^[A-Z][A-Z0-9_]+ /);
      expect(d.sandbox, `${d.id} has no sandbox`).toBeDefined();
      const module = await d.sandbox!();
      expect(typeof module.startSandbox, d.id).toBe('function');
    }
  });

  it('catches an id in code and lets it through in comments and in no other word', () => {
    const files = {
      'src/a.ts': "// Xero: 60 a minute\n/* xero\n  too */ const limit = 60;\nconst url = 'https://x.example/y'; // acme",
      'src/b.ts': "const vendor = 'xero';\nconst name = `Connect to ${'Xero'}`;",
      'src/c.ts': 'const XeroLimits = 1; /* fine */',
    };
    expect(vendorMentions(files, ['xero'])).toEqual([
      "src/b.ts:1: const vendor = 'xero';",
      "src/b.ts:2: const name = `Connect to ${'Xero'}`;",
      'src/c.ts:1: const XeroLimits = 1;',
    ]);
  });

  it('leaves every registered id out of the code that ships from src/ (comments may name one as an example)', () => {
    const files = sources('src', { tests: false });
    expect(Object.keys(files)).toContain('src/main/runtime.ts'); // the walk found the tree
    expect(
      vendorMentions(
        files,
        ledgers.map((d) => d.id),
      ),
    ).toEqual([]);
  });

  it("leaves every registered ledger's id and display name out of src/, its tests included (they take them from test/)", () => {
    const files = sources('src', { tests: true });
    expect(Object.keys(files)).toContain('src/web/app.test.ts'); // the walk found the tests
    const names = [...new Set(ledgers.flatMap((d) => [d.id, d.displayName.toLowerCase()]))];
    expect(vendorMentions(files, names)).toEqual([]);
  });

  it('offers at least these two ledgers: the demo and npm start connect to each', () => {
    expect(ledgers.map((d) => d.displayName)).toEqual(expect.arrayContaining(['Xero', 'QuickBooks']));
  });
});

/** Every module `from` reaches by its imports, with the packages they name. Type-only imports load nothing. */
function reach(from: string, options: { dynamic: boolean }): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const todo = [from];
  while (todo.length) {
    const file = todo.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    const source = withoutComments(readFileSync(join(root, file), 'utf8'));
    const specifiers = [
      ...[...source.matchAll(/^[ \t]*(?:import|export)\s+(?!type\s)(?:[^'";]*?\bfrom\s+)?['"]([^'"]+)['"]/gm)].map((m) => m[1]!),
      ...(options.dynamic ? [...source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]!) : []),
    ];
    for (const s of specifiers) {
      if (s.startsWith('.'))
        todo.push(
          relative(root, resolve(root, dirname(file), s))
            .split(sep)
            .join('/'),
        );
      else if (!s.startsWith('node:')) packages.add(s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]!);
    }
  }
  return { files, packages };
}

describe('a production install (npm ci --omit=dev)', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const entry = 'src/main/cli/index.ts';

  it('runs serve: the CLI loads no emulator and no dev dependency until a demo command asks', () => {
    const { files, packages } = reach(entry, { dynamic: false });
    expect(files).toContain('connectors/index.ts'); // the walk follows the registry
    expect([...files].filter((f) => f.includes('/sandbox/'))).toEqual([]);
    expect([...packages].filter((p) => !(p in pkg.dependencies))).toEqual([]);
  });

  it("runs the demo too: every ledger's sandbox loads with production dependencies only (msw stays in tests)", () => {
    const { files, packages } = reach(entry, { dynamic: true });
    for (const d of ledgers) expect(files, d.id).toContain(`connectors/${d.id}/sandbox/demo.ts`);
    expect([...packages].filter((p) => !(p in pkg.dependencies))).toEqual([]);
  });
});

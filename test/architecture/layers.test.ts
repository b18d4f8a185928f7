// The layering of docs/architecture.md, checked on every relative import so that a layer crossed fails CI instead of
// waiting for a review. Biome (biome.jsonc) checks which packages each layer may import, and import cycles; it matches
// import specifiers as written, so it cannot tell where `../../store/x.ts` lands from a given folder. This test
// resolves each relative import to the file it names and checks the folder it lands in.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

interface ImportRef {
  file: string; // from the repository root, with forward slashes
  target: string; // the resolved file, from the repository root
  specifier: string;
  typeOnly: boolean;
}

// Static imports and re-exports (one statement may span lines: braces hold no quotes), then dynamic import().
const STATIC = /^[ \t]*(?:import|export)\s+(type\s+)?(?:[^'";]*?\bfrom\s+)?['"]([^'"]+)['"]/gm;
const DYNAMIC = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(file: string, source: string): ImportRef[] {
  const refs: ImportRef[] = [];
  const add = (specifier: string, typeOnly: boolean) => {
    if (!specifier.startsWith('.')) return; // packages are Biome's business (noRestrictedImports in biome.jsonc)
    const target = toPosix(relative(root, resolve(root, dirname(file), specifier)));
    refs.push({ file, target, specifier, typeOnly });
  };
  for (const m of source.matchAll(STATIC)) add(m[2] ?? '', m[1] !== undefined);
  for (const m of source.matchAll(DYNAMIC)) add(m[1] ?? '', false);
  return refs;
}

interface Rule {
  name: string;
  applies: (file: string) => boolean;
  forbids: (ref: ImportRef) => boolean;
}

const under = (path: string, folder: string) => path === folder || path.startsWith(`${folder}/`);
const connectorOf = (path: string) => (under(path, 'connectors') ? path.split('/')[1] : undefined);

const rules: Rule[] = [
  {
    name: 'src/core imports only src/core',
    applies: (file) => under(file, 'src/core'),
    forbids: (ref) => !under(ref.target, 'src/core'),
  },
  {
    // the registry (connectors/index.ts) is the one file that names every ledger: it imports their definitions only
    name: "the registry imports only each ledger's definition.ts and connectors/shared",
    applies: (file) => file === 'connectors/index.ts',
    forbids: (ref) => !under(ref.target, 'connectors/shared') && !/^connectors\/[^/]+\/definition\.ts$/.test(ref.target),
  },
  {
    name: 'a connector imports only src/core, connectors/shared and its own folder',
    applies: (file) => under(file, 'connectors') && file !== 'connectors/index.ts',
    forbids: (ref) =>
      !under(ref.target, 'src/core') && !under(ref.target, 'connectors/shared') && connectorOf(ref.target) !== connectorOf(ref.file),
  },
  {
    name: 'src/services imports no store, jobs runtime (payload types only), web, main or connector',
    applies: (file) => under(file, 'src/services'),
    forbids: (ref) =>
      ['src/store', 'src/web', 'src/main', 'connectors'].some((layer) => under(ref.target, layer)) ||
      (under(ref.target, 'src/jobs') && !ref.typeOnly),
  },
  {
    name: 'only src/main builds adapters: web, jobs, mail and store import neither src/main nor a connector',
    applies: (file) => ['src/web', 'src/jobs', 'src/mail', 'src/store'].some((layer) => under(file, layer)),
    forbids: (ref) => under(ref.target, 'src/main') || under(ref.target, 'connectors'),
  },
];

// Tests sit beside the code they test and may wire real adapters; the rules are about what ships.
const isTest = (file: string) => file.endsWith('.test.ts');

function sourceFiles(folder: string): string[] {
  const entries = readdirSync(join(root, folder), { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => toPosix(relative(root, join(e.parentPath, e.name))))
    .filter((file) => !isTest(file))
    .sort();
}

function toPosix(path: string): string {
  return path.split(sep).join('/');
}

interface Violation {
  rule: string;
  crossing: string; // "<file> imports '<specifier>'"
}

function violations(files: string[], read: (file: string) => string): Violation[] {
  const found: Violation[] = [];
  for (const file of files) {
    for (const ref of importsOf(file, read(file))) {
      for (const rule of rules) {
        if (rule.applies(file) && rule.forbids(ref)) found.push({ rule: rule.name, crossing: `${file} imports '${ref.specifier}'` });
      }
    }
  }
  return found;
}

describe('architecture layers', () => {
  it('catches a crossing, and lets a type-only import of job payloads through services', () => {
    const tree: Record<string, string> = {
      'src/core/money.ts': "import { db } from '../store/db.ts';",
      'connectors/acme/index.ts': "import { a } from '../shared/oauth.ts';\nimport { b } from '../other/index.ts';",
      'src/services/send.ts': "import type {\n  SendPayload,\n} from '../jobs/payloads.ts';\nimport { queue } from '../jobs/bull.ts';",
      'src/web/app.ts': "const m = await import('../main/runtime.ts');",
    };
    expect(violations(Object.keys(tree), (file) => tree[file] ?? '').map((v) => v.crossing)).toEqual([
      "src/core/money.ts imports '../store/db.ts'",
      "connectors/acme/index.ts imports '../other/index.ts'",
      "src/services/send.ts imports '../jobs/bull.ts'",
      "src/web/app.ts imports '../main/runtime.ts'",
    ]);
  });

  const shipped = ['src', 'connectors'].flatMap(sourceFiles);
  const found = violations(shipped, (file) => readFileSync(join(root, file), 'utf8'));

  it('no shipped file crosses a layer (the ports the store, web and connectors share are in src/core)', () => {
    expect(shipped).toContain('src/core/money.ts'); // the walk found the tree
    expect(found.map((v) => `${v.rule}: ${v.crossing}`)).toEqual([]);
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../../src/', import.meta.url));

/**
 * The parts of src/ in data-flow order: a file imports only from its own part or the parts before it. A helper two
 * parts need moves down (to shared/), never sideways. index.ts, the public API, may import any part.
 */
const ORDER = [
  'shared',
  'docker',
  'facts',
  'secrets',
  'collect',
  'rules',
  'config',
  'evaluate',
  'compare',
  'report',
  'audit',
  'cli',
] as const;
const ROOT_FILES = ['index.ts', 'audit.ts', 'facts.ts'];

const files = readdirSync(SRC, { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
  .map((entry) => relative(SRC, join(entry.parentPath, entry.name)).split(sep).join('/'))
  .sort();

/** `collect/runtime/index.ts` → collect; `audit.ts` → audit. */
function partOf(file: string): string {
  const [first] = file.split('/');
  return file.includes('/') ? first! : file.replace(/\.ts$/, '');
}

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g;

function importsOf(file: string): { specifier: string; typeOnly: boolean }[] {
  const text = readFileSync(join(SRC, file), 'utf8');
  return [...text.matchAll(IMPORT)].map((match) => ({
    specifier: (match[1] ?? match[2] ?? match[3])!,
    typeOnly: /^\s*(?:import|export)\s+type\s/.test(match[0].trimStart()),
  }));
}

function targetOf(file: string, specifier: string): string {
  return relative(SRC, resolve(dirname(join(SRC, file)), specifier))
    .split(sep)
    .join('/')
    .replace(/\.js$/, '.ts');
}

describe('architecture: the parts of src/ depend one way', () => {
  it('has no loose file in src/ but the entry points', () => {
    expect(files.filter((file) => !file.includes('/'))).toEqual([...ROOT_FILES].sort());
  });

  it('has every folder in the order', () => {
    const parts = new Set(files.map(partOf));
    expect([...parts].filter((part) => part !== 'index' && !(ORDER as readonly string[]).includes(part))).toEqual([]);
  });

  it('imports only from the same part or parts before it', () => {
    const wrongWay: string[] = [];
    for (const file of files) {
      const from = partOf(file);
      if (from === 'index') continue;
      for (const { specifier } of importsOf(file)) {
        if (!specifier.startsWith('.')) continue;
        const to = partOf(targetOf(file, specifier));
        if (
          to === 'index' ||
          ORDER.indexOf(to as (typeof ORDER)[number]) > ORDER.indexOf(from as (typeof ORDER)[number])
        ) {
          wrongWay.push(`${file} → ${targetOf(file, specifier)}`);
        }
      }
    }
    expect(wrongWay).toEqual([]);
  });

  it('talks to dockerode only in docker/ and the collectors', () => {
    const users = files.filter((file) => importsOf(file).some(({ specifier }) => specifier === 'dockerode'));
    expect(users.filter((file) => !file.startsWith('docker/') && !file.startsWith('collect/'))).toEqual([]);
    const runtime = files.filter((file) =>
      importsOf(file).some(({ specifier, typeOnly }) => specifier === 'dockerode' && !typeOnly),
    );
    expect(runtime).toEqual(['docker/client.ts']);
  });

  it('loads commander and the CLI only from cli/', () => {
    const users = files.filter((file) => importsOf(file).some(({ specifier }) => specifier === 'commander'));
    expect(users.filter((file) => !file.startsWith('cli/'))).toEqual([]);
  });

  it('keeps dockerode out of what the config loader and the render-only entry point load (type imports are erased)', () => {
    const reaches = (start: string): Set<string> => {
      const seen = new Set<string>();
      const visit = (file: string) => {
        if (seen.has(file)) return;
        seen.add(file);
        for (const { specifier, typeOnly } of importsOf(file)) {
          if (typeOnly) continue;
          if (specifier.startsWith('.')) visit(targetOf(file, specifier));
          else seen.add(specifier);
        }
      };
      visit(start);
      return seen;
    };
    for (const entry of ['config/load.ts', 'report/index.ts'])
      expect([entry, reaches(entry).has('dockerode')]).toEqual([entry, false]);
    expect(reaches('index.ts').has('dockerode')).toBe(true);
  });
});

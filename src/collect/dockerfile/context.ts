import { open, opendir, readlink, stat } from 'node:fs/promises';
import { isAbsolute, join, posix, relative, resolve } from 'node:path';
import type { BuildContextFacts, ContextEntry } from '../../facts.js';
import { isIgnored, type IgnorePattern } from './dockerignore.js';

/** How far the walk goes: a context is read by names only, and never for long. */
export interface WalkLimits {
  readonly maxEntries: number;
  readonly maxDepth: number;
  readonly maxMs: number;
}

export const DEFAULT_WALK_LIMITS: WalkLimits = { maxEntries: 50_000, maxDepth: 10, maxMs: 3_000 };

const DEPENDENCY_FILES = new Set([
  'package.json',
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'Pipfile',
  'Pipfile.lock',
  'pyproject.toml',
  'poetry.lock',
  'uv.lock',
  'setup.py',
  'go.mod',
  'go.sum',
  'Cargo.toml',
  'Cargo.lock',
  'Gemfile',
  'Gemfile.lock',
  'composer.json',
  'composer.lock',
  'pom.xml',
  'build.gradle',
  'build.gradle.kts',
  'gradle.lockfile',
]);
const REQUIREMENTS = /^requirements[\w.-]*\.(?:txt|in)$/;
/** Directories whose insides say nothing more: they are noted by name and never walked. */
const NOT_WALKED = new Set(['.git', 'node_modules', '.hg', '.svn', '__pycache__', '.venv', 'venv', 'vendor', 'target']);
const SENSITIVE_CAP = 200;
const REQUIREMENTS_MAX_BYTES = 256 * 1024;

/** The kind of a context entry that should rarely reach an image, by its name alone; null for anything else. */
export function sensitiveKind(name: string, isDirectory: boolean): string | null {
  if (isDirectory) {
    if (name === '.git') return 'git-directory';
    if (name === 'node_modules') return 'node-modules';
    if (name === '.aws' || name === '.ssh' || name === '.gnupg' || name === '.docker') return 'credentials-directory';
    return null;
  }
  if (/^\.env(?:\..+)?$/.test(name) && !/\.(?:example|sample|template|dist)$/.test(name)) return 'dotenv';
  if (/^id_(?:rsa|dsa|ecdsa|ed25519)$/.test(name) || /\.(?:pem|key|p12|pfx|jks|keystore)$/.test(name))
    return 'private-key';
  if (name === '.npmrc' || name === '.pypirc' || name === '.netrc' || name === '.git-credentials')
    return 'credentials-file';
  if (/\.tfstate(?:\.backup)?$/.test(name)) return 'terraform-state';
  return null;
}

/**
 * Walks the build context by names (lstat types, so a symbolic link is never followed), within `limits`; reads only
 * small requirement files (the requirement names, never their other lines). An ignored directory is not entered
 * unless a `!` exception could include something inside it, as Docker does.
 */
export async function walkContext(
  contextPath: string,
  ignore: readonly IgnorePattern[],
  limits: WalkLimits = DEFAULT_WALK_LIMITS,
): Promise<Omit<BuildContextFacts, 'path' | 'dockerignore'>> {
  const root = resolve(contextPath);
  const started = Date.now();
  const hasExceptions = ignore.some((pattern) => pattern.exclusion);
  const dependencyFiles: { path: string; ignored: boolean }[] = [];
  const requirementPaths: string[] = [];
  const sensitive: ContextEntry[] = [];
  const symlinksOutside: string[] = [];
  let entries = 0;
  let truncated: string | null = null;
  const queue: { dir: string; depth: number }[] = [{ dir: '', depth: 0 }];
  while (queue.length > 0 && truncated === null) {
    const { dir, depth } = queue.shift()!;
    let handle;
    try {
      handle = await opendir(join(root, dir));
    } catch {
      continue;
    }
    for await (const entry of handle) {
      entries++;
      if (entries > limits.maxEntries) {
        truncated = `stopped after ${limits.maxEntries} entries`;
        break;
      }
      if (Date.now() - started > limits.maxMs) {
        truncated = `stopped after ${limits.maxMs / 1000}s`;
        break;
      }
      const path = dir === '' ? entry.name : `${dir}/${entry.name}`;
      const ignored = isIgnored(ignore, path);
      if (entry.isSymbolicLink()) {
        if (await leavesContext(root, path)) symlinksOutside.push(path);
        continue;
      }
      const isDirectory = entry.isDirectory();
      const kind = sensitiveKind(entry.name, isDirectory);
      if (kind && sensitive.length < SENSITIVE_CAP)
        sensitive.push({ path: isDirectory ? `${path}/` : path, kind, ignored });
      if (isDirectory) {
        if (NOT_WALKED.has(entry.name) || kind !== null) continue;
        if (ignored && !hasExceptions) continue;
        if (depth + 1 < limits.maxDepth) queue.push({ dir: path, depth: depth + 1 });
        continue;
      }
      if (!entry.isFile()) continue;
      if (DEPENDENCY_FILES.has(entry.name)) dependencyFiles.push({ path, ignored });
      else if (REQUIREMENTS.test(entry.name)) {
        dependencyFiles.push({ path, ignored });
        requirementPaths.push(path);
      }
    }
    // An early break leaves the directory handle open; closing a closed one throws.
    await handle.close().catch(() => undefined);
  }
  const requirements = await Promise.all(
    requirementPaths
      .slice(0, 20)
      .map(async (path) => ({ path, unpinned: await unpinnedRequirements(join(root, path)) })),
  );
  return {
    dependencyFiles,
    requirements,
    sensitive,
    symlinksOutside,
    walk: { entries: Math.min(entries, limits.maxEntries), truncated },
  };
}

async function leavesContext(root: string, path: string): Promise<boolean> {
  try {
    const target = await readlink(join(root, path));
    const resolved = isAbsolute(target) ? target : resolve(root, posix.dirname(path), target);
    const inside = relative(root, resolved);
    return inside === '..' || inside.startsWith(`..${'/'}`) || isAbsolute(inside);
  } catch {
    return false;
  }
}

/**
 * The requirements of a pip requirements file not pinned to one version (`==`/`===`) or by hash: names only.
 * Options (`-r`, `--index-url …`, which may hold credentials) are skipped, never kept.
 */
async function unpinnedRequirements(file: string): Promise<string[]> {
  let text: string;
  try {
    const info = await stat(file);
    if (info.size > REQUIREMENTS_MAX_BYTES) return [];
    const handle = await open(file, 'r');
    try {
      text = await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  } catch {
    return [];
  }
  const unpinned: string[] = [];
  const hashed = /--hash[= ]/.test(text);
  for (const raw of text.replace(/\\\r?\n/g, ' ').split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (line === '' || line.startsWith('-')) continue;
    const name = /^[A-Za-z0-9][A-Za-z0-9._-]*/.exec(line)?.[0];
    if (!name) continue;
    if (/===?/.test(line) || /--hash[= ]/.test(line) || (hashed && / @ /.test(line))) continue;
    unpinned.push(name);
  }
  return unpinned.slice(0, 50);
}

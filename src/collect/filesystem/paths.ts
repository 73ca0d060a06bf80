import type { ContentWanted, FinalView } from '../layers/types.js';

/** Docker's default PATH, in its search order (relative, as the view's paths are). */
export const DOCKER_DEFAULT_PATH: readonly string[] = [
  'usr/local/sbin',
  'usr/local/bin',
  'usr/sbin',
  'usr/bin',
  'sbin',
  'bin',
];

/** Facts show paths as the container sees them: `etc/passwd` → `/etc/passwd`. */
export const absolute = (path: string): string => `/${path}`;

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** True when `path` is `root` or lies below it. */
export function isWithin(path: string, root: string): boolean {
  return path === root || path.startsWith(`${root}/`);
}

/** Code-unit order: stable across locales, unlike localeCompare. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Trees that hold the distribution's or installed packages' files, not the application's: their config files and
 * test keys are someone else's. `usr/local/go` is the Go toolchain (its testdata holds sample keys).
 */
const SYSTEM_TREE = new RegExp(
  '^(?:usr/(?:share|lib|include|local/go)|lib|lib64|var/lib/(?:dpkg|apt)|etc/ssl/certs|proc|sys)(?:/|$)' +
    '|(?:^|/)(?:node_modules|site-packages|dist-packages|go/pkg|\\.cargo/registry)(?:/|$)',
);

export function isInSystemTree(path: string): boolean {
  return SYSTEM_TREE.test(path);
}

/** `.env`, `.env.production`; not templates such as `.env.example` or `.env.local.sample`. */
const DOTENV_TEMPLATE_PARTS = new Set(['example', 'sample', 'template']);

export function isDotenvName(base: string): boolean {
  if (base === '.env') return true;
  if (!base.startsWith('.env.')) return false;
  return !base
    .slice('.env.'.length)
    .split('.')
    .some((part) => DOTENV_TEMPLATE_PARTS.has(part.toLowerCase()));
}

/** The union of several detectors' declarations: the first that wants a file decides how it is read. */
export function anyWanted(...wants: readonly ContentWanted[]): ContentWanted {
  return (path, size, mode) => {
    for (const wanted of wants) {
      const how = wanted(path, size, mode);
      if (how !== false) return how;
    }
    return false;
  };
}

/**
 * The visible file at `path`, following symlinks (Debian's etc/os-release → ../usr/lib/os-release), as text.
 * Undefined when there is no such file; '' when it exists but its content was not captured.
 */
export function visibleText(view: FinalView, path: string): string | undefined {
  const entry = view.resolve(path);
  if (entry?.type !== 'file') return undefined;
  return view.content(entry.path)?.toString('utf8') ?? '';
}

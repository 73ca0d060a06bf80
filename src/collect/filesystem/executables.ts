import type { ToolFinding } from '../../facts.js';
import type { FinalView, ViewEntry } from '../layers/types.js';
import { absolute, baseName, compareText, DOCKER_DEFAULT_PATH } from './paths.js';

/** Toolchains that official images (golang, rust, eclipse-temurin) install outside it and add with ENV PATH. */
const TOOLCHAIN_DIRS = ['usr/local/go/bin', 'usr/local/cargo/bin', 'opt/java/openjdk/bin'];
const TOOL_DIRS: readonly string[] = [...DOCKER_DEFAULT_PATH, ...TOOLCHAIN_DIRS];
/** Tool directories by length: the directory of each of 100,000 paths is compared in place, never cut out. */
const TOOL_DIRS_BY_LENGTH: ReadonlyMap<number, readonly string[]> = TOOL_DIRS.reduce(
  (byLength, dir) => byLength.set(dir.length, [...(byLength.get(dir.length) ?? []), dir]),
  new Map<number, string[]>(),
);

/** True when the directory part of `path` (everything before `slash`) is a tool directory. */
function isToolDir(path: string, slash: number): boolean {
  for (const dir of TOOL_DIRS_BY_LENGTH.get(slash) ?? []) if (path.startsWith(dir)) return true;
  return false;
}

/** True when the directory part of `path` is `node_modules/.bin` or ends with `/node_modules/.bin`. */
function isNodeModulesBin(path: string, slash: number): boolean {
  const start = slash - NODE_MODULES_BIN.length;
  return start >= 0 && (start === 0 || path[start - 1] === '/') && path.startsWith(NODE_MODULES_BIN, start);
}
const NODE_MODULES_BIN = 'node_modules/.bin';
const BUSYBOX = 'busybox';

export const PACKAGE_MANAGERS = [
  'apt',
  'apt-get',
  'dpkg',
  'apk',
  'yum',
  'dnf',
  'microdnf',
  'rpm',
  'zypper',
  'pip',
  'pip3',
  'npm',
  'yarn',
  'pnpm',
  'gem',
  'composer',
] as const;
export const SHELLS = ['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'mksh', 'csh', 'tcsh', 'fish'] as const;
export const BUILD_TOOLS = [
  'gcc',
  'cc',
  'g++',
  'c++',
  'clang',
  'clang++',
  'make',
  'cmake',
  'ninja',
  'go',
  'javac',
  'rustc',
  'cargo',
  'mvn',
  'gradle',
  'ld',
  'as',
] as const;
export const DEV_TOOLS = [
  'pytest',
  'nodemon',
  'ts-node',
  'tsx',
  'black',
  'flake8',
  'mypy',
  'pylint',
  'jest',
  'eslint',
  'prettier',
  'ipython',
  'mocha',
  'vitest',
] as const;
/** Programs that raise privileges; not yet a FilesystemFacts field, see findPrivilegeTools. */
export const PRIVILEGE_TOOLS = ['sudo', 'doas', 'su', 'pkexec'] as const;

export interface ExecutableFacts {
  readonly packageManagers: ToolFinding[];
  readonly busyboxApplets: string[];
  readonly shells: ToolFinding[];
  readonly buildTools: ToolFinding[];
  readonly devTools: ToolFinding[];
}

type Category = keyof Omit<ExecutableFacts, 'busyboxApplets'>;

/** Which names each list takes, whether a busybox applet counts, and whether node_modules/.bin is searched. */
const CATEGORIES: readonly {
  field: Category;
  names: ReadonlySet<string>;
  applets: boolean;
  nodeModulesBin: boolean;
}[] = [
  { field: 'packageManagers', names: new Set(PACKAGE_MANAGERS), applets: false, nodeModulesBin: false },
  // A busybox sh is still a shell.
  { field: 'shells', names: new Set(SHELLS), applets: true, nodeModulesBin: false },
  { field: 'buildTools', names: new Set(BUILD_TOOLS), applets: false, nodeModulesBin: false },
  { field: 'devTools', names: new Set(DEV_TOOLS), applets: false, nodeModulesBin: true },
];
const CATEGORY_NAMES: ReadonlySet<string> = new Set(CATEGORIES.flatMap(({ names }) => [...names]));

/** One pass over the final view, resolving only links and the names some list takes. */
export function detectExecutables(view: FinalView): ExecutableFacts {
  const busybox = busyboxBinaries(view);
  const found: Record<Category, ToolFinding[]> = { packageManagers: [], shells: [], buildTools: [], devTools: [] };
  const applets = new Set<string>();
  for (const entry of view.files.values()) {
    const slash = entry.path.lastIndexOf('/');
    if (slash === -1 || entry.type === 'directory') continue;
    const inToolDir = isToolDir(entry.path, slash);
    if (!inToolDir && !isNodeModulesBin(entry.path, slash)) continue;
    const name = entry.path.slice(slash + 1);
    if (!CATEGORY_NAMES.has(name) && !mayBeApplet(entry, busybox)) continue;
    const busyboxApplet = classify(view, entry, busybox);
    if (busyboxApplet === undefined) continue;
    if (busyboxApplet && inToolDir) applets.add(name);
    for (const { field, names, applets: takesApplets, nodeModulesBin } of CATEGORIES) {
      if (names.has(name) && (inToolDir || nodeModulesBin) && (takesApplets || !busyboxApplet)) {
        found[field].push({ name, path: absolute(entry.path), busyboxApplet });
      }
    }
  }
  return {
    packageManagers: sortTools(found.packageManagers),
    busyboxApplets: [...applets].sort(compareText),
    shells: sortTools(found.shells),
    buildTools: sortTools(found.buildTools),
    devTools: sortTools(found.devTools),
  };
}

/** Each of `names` found in a PATH (or toolchain) directory, applets flagged; a lookup per name and directory. */
export function findTools(view: FinalView, names: Iterable<string>): ToolFinding[] {
  const busybox = busyboxBinaries(view);
  const tools: ToolFinding[] = [];
  for (const name of new Set(names)) {
    for (const dir of TOOL_DIRS) {
      const entry = view.files.get(`${dir}/${name}`);
      const busyboxApplet = entry && entry.type !== 'directory' ? classify(view, entry, busybox) : undefined;
      if (entry && busyboxApplet !== undefined) tools.push({ name, path: absolute(entry.path), busyboxApplet });
    }
  }
  return sortTools(tools);
}

/** sudo, doas, su, pkexec: real binaries and busybox applets (flagged), for a `privilegeTools` fact. */
export function findPrivilegeTools(view: FinalView): ToolFinding[] {
  return findTools(view, PRIVILEGE_TOOLS);
}

/**
 * undefined when `entry` is not an executable (it must resolve to a regular file with an x bit); otherwise whether
 * it is a busybox applet: a link to busybox, or the file busybox is hard-linked to (a layer tar stores the first
 * name of a hard-linked inode as the file, which for `busybox --install` is often `arch`, not `busybox`).
 */
function classify(view: FinalView, entry: ViewEntry, busybox: ReadonlySet<string>): boolean | undefined {
  const target = view.resolve(entry.path);
  if (target?.type !== 'file' || (target.mode & 0o111) === 0) return undefined;
  if (baseName(entry.path) === BUSYBOX) return false;
  return baseName(target.path) === BUSYBOX || busybox.has(target.path);
}

/**
 * Resolving every link in usr/bin costs more than the rest of the scan; a name no list takes matters only as an applet.
 * A plain file is one only when busybox is hard-linked to it; a link only when it names busybox or busybox is present.
 */
function mayBeApplet(entry: ViewEntry, busybox: ReadonlySet<string>): boolean {
  if (entry.type === 'file') return busybox.has(entry.path);
  return busybox.size > 0 || (entry.linkname !== null && baseName(entry.linkname) === BUSYBOX);
}

/** Where the busybox binaries in the tool directories end up after following links. */
function busyboxBinaries(view: FinalView): Set<string> {
  const targets = new Set<string>();
  for (const dir of TOOL_DIRS) {
    const target = view.resolve(`${dir}/${BUSYBOX}`);
    if (target?.type === 'file') targets.add(target.path);
  }
  return targets;
}

function sortTools(tools: ToolFinding[]): ToolFinding[] {
  return tools.sort((a, b) => compareText(a.name, b.name) || compareText(a.path, b.path));
}

/**
 * Node.js and Python installed the way the official images install them, without a package manager: the inventory
 * sees no package for them, their files say which version they are. Node.js by its `node_version.h` (the only file
 * whose content is read), Python by its `lib/pythonX.Y/os.py` or its `bin/pythonX.Y` (headers alone).
 */
import type { LanguageRuntimeFact } from '../../facts.js';
import type { ContentWanted, FinalView } from '../layers/types.js';
import { absolute } from './paths.js';

export const NODE_VERSION_HEADER = 'usr/local/include/node/node_version.h';
/** node_version.h is about 4 KiB; anything much larger at that path is not it. */
const HEADER_MAX_BYTES = 64 * 1024;

export const wants: ContentWanted = (path, size) => path === NODE_VERSION_HEADER && size <= HEADER_MAX_BYTES;

/**
 * The Python versions looked for, by Map lookups rather than a walk over every file (an image holds tens of thousands):
 * 2.0 to 2.7, 3.0 to 3.49, 4.0 to 4.19: far past any release the lifecycle table will know for years.
 */
const PYTHON_VERSIONS: readonly string[] = [
  ...Array.from({ length: 8 }, (_, minor) => `2.${minor}`),
  ...Array.from({ length: 50 }, (_, minor) => `3.${minor}`),
  ...Array.from({ length: 20 }, (_, minor) => `4.${minor}`),
];
/** Where the official images put them: the standard library first (it names the version best), then the interpreter. */
const pythonPaths = (version: string) => [`usr/local/lib/python${version}/os.py`, `usr/local/bin/python${version}`];

export function detectLanguageRuntimes(view: FinalView): LanguageRuntimeFact[] {
  const found: LanguageRuntimeFact[] = [];
  const header = view.files.get(NODE_VERSION_HEADER);
  const headerBytes = header?.type === 'file' ? view.content(NODE_VERSION_HEADER) : undefined;
  const nodeVersion = headerBytes === undefined ? undefined : parseNodeVersionHeader(headerBytes.toString('latin1'));
  if (header && nodeVersion)
    found.push({
      runtime: 'node',
      version: nodeVersion,
      path: absolute(NODE_VERSION_HEADER),
      layerIndex: header.layerIndex,
    });
  // One Python per version: its standard library when present, else its interpreter.
  for (const version of PYTHON_VERSIONS)
    for (const path of pythonPaths(version)) {
      const entry = view.files.get(path);
      if (!entry || (entry.type !== 'file' && entry.type !== 'symlink' && entry.type !== 'hardlink')) continue;
      found.push({ runtime: 'python', version, path: absolute(path), layerIndex: entry.layerIndex });
      break;
    }
  return found;
}

const DEFINE = /^[ \t]*#[ \t]*define[ \t]+NODE_(MAJOR|MINOR|PATCH)_VERSION[ \t]+(\d{1,6})[ \t]*(?:\/[*/].*)?\r?$/gm;

/**
 * `20.11.1` from node_version.h's `#define NODE_MAJOR_VERSION 20` (and MINOR, PATCH); the major alone when the others
 * are missing; undefined without a major. The first definition of each counts.
 */
export function parseNodeVersionHeader(text: string): string | undefined {
  const parts = new Map<string, string>();
  for (const [, part, value] of text.matchAll(DEFINE)) if (!parts.has(part!)) parts.set(part!, String(Number(value)));
  const major = parts.get('MAJOR');
  if (major === undefined) return undefined;
  const minor = parts.get('MINOR');
  const patch = minor === undefined ? undefined : parts.get('PATCH');
  return [major, minor, patch].filter((part) => part !== undefined).join('.');
}

/**
 * Node.js and Python installed the way the official images install them, without a package manager: the inventory
 * sees no package for them, their files say which version they are. Node.js by its `node_version.h` (the only file
 * whose content is read), Python by its `lib/pythonX.Y/os.py` or its `bin/pythonX.Y` (headers alone).
 */
import type { LanguageRuntimeFact } from '../../facts.js';
import type { ContentWanted, FinalView } from '../layers/types.js';
import { absolute, compareText } from './paths.js';

export const NODE_VERSION_HEADER = 'usr/local/include/node/node_version.h';
/** node_version.h is about 4 KiB; anything much larger at that path is not it. */
const HEADER_MAX_BYTES = 64 * 1024;

export const wants: ContentWanted = (path, size) => path === NODE_VERSION_HEADER && size <= HEADER_MAX_BYTES;

const PYTHON_PREFIX = 'usr/local/';
/** `usr/local/lib/python3.12/os.py` (the standard library) or `usr/local/bin/python3.12` (the interpreter). */
const PYTHON_FILE = /^usr\/local\/(?:lib\/python(\d{1,2}\.\d{1,3})\/os\.py|bin\/python(\d{1,2}\.\d{1,3}))$/;

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
  const python = new Map<string, LanguageRuntimeFact>();
  for (const entry of view.files.values()) {
    if (!entry.path.startsWith(PYTHON_PREFIX)) continue;
    const match = PYTHON_FILE.exec(entry.path);
    if (!match || (entry.type !== 'file' && entry.type !== 'symlink' && entry.type !== 'hardlink')) continue;
    const library = match[1] !== undefined;
    const version = (match[1] ?? match[2])!;
    if (!library && python.has(version)) continue;
    if (library && python.get(version)?.path.endsWith('/os.py')) continue;
    python.set(version, { runtime: 'python', version, path: absolute(entry.path), layerIndex: entry.layerIndex });
  }
  found.push(...[...python.values()].sort((a, b) => compareText(a.path, b.path)));
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

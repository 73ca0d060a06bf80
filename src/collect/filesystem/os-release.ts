import type { OsFacts } from '../../facts.js';
import type { ContentWanted, FinalView } from '../layers/types.js';
import { visibleText } from './paths.js';

/** os-release(5): /etc/os-release first, /usr/lib/os-release as the fallback. */
const OS_RELEASE_PATHS = ['etc/os-release', 'usr/lib/os-release'];
const WANTED = new Set(OS_RELEASE_PATHS);

export const wants: ContentWanted = (path) => WANTED.has(path);

const SCRATCH: OsFacts = { id: 'scratch', versionId: null, prettyName: 'scratch (no /etc/os-release)' };
const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/;

export function detectOs(view: FinalView): OsFacts {
  for (const path of OS_RELEASE_PATHS) {
    const text = visibleText(view, path);
    if (text === undefined) continue;
    const fields = parseOsRelease(text);
    const id = fields.get('ID') || 'linux';
    return {
      id,
      versionId: fields.get('VERSION_ID') || null,
      prettyName: fields.get('PRETTY_NAME') || fields.get('NAME') || id,
    };
  }
  return SCRATCH;
}

/** `KEY=value` lines; values may be in double quotes (with shell escapes) or single quotes. */
export function parseOsRelease(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const match = ASSIGNMENT.exec(line.trim());
    if (match) fields.set(match[1]!, unquote(match[2]!.trim()));
  }
  return fields;
}

function unquote(value: string): string {
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"'))
    return value.slice(1, -1).replace(/\\([\\"$`])/g, '$1');
  if (value.length >= 2 && value.startsWith("'") && value.endsWith("'")) return value.slice(1, -1);
  return value;
}

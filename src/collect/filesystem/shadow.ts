import type { ShadowFacts } from '../../facts.js';
import type { ContentWanted, FinalView } from '../layers/types.js';
import { absolute } from './paths.js';

/** shadow(5) on Linux; master.passwd(5) on the BSDs. Both keep the password in the second field. */
const SHADOW_PATHS = ['etc/shadow', 'etc/master.passwd'];
const WANTED = new Set(SHADOW_PATHS);

export const wants: ContentWanted = (path) => WANTED.has(path);

/** What a password field says, never what it holds. */
export type PasswordState = 'empty' | 'locked' | 'set';

/** `!`, `!!`, `*`, `!*`, `*LK*`, `!$6$…` (a locked hash): no password login. */
export function passwordState(field: string): PasswordState {
  if (field === '') return 'empty';
  return field.startsWith('!') || field.startsWith('*') ? 'locked' : 'set';
}

const SET_MARK = '<set>';

/**
 * The file as the scan keeps it: each account's name and the state of its password, no hash and no other field. It
 * is applied before the layer's contents are kept in memory or written to the cache, so no hash leaves the scan.
 */
export function withoutPasswordHashes(contents: ReadonlyMap<string, Buffer>): Map<string, Buffer> {
  return new Map(
    [...contents].map(([path, bytes]) => [path, WANTED.has(path) ? stripHashes(bytes.toString('utf8')) : bytes]),
  );
}

function stripHashes(text: string): Buffer {
  const lines = accountLines(text).map(([name, field]) => {
    const state = passwordState(field);
    return `${name}:${state === 'empty' ? '' : state === 'locked' ? '!' : SET_MARK}`;
  });
  return Buffer.from(lines.map((line) => `${line}\n`).join(''), 'utf8');
}

/** `[name, password field]` of each account line; comments, NIS lines and lines without a second field skipped. */
function accountLines(text: string): [string, string][] {
  const accounts: [string, string][] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line === '' || line.startsWith('#') || line.startsWith('+') || line.startsWith('-')) continue;
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const end = line.indexOf(':', colon + 1);
    accounts.push([line.slice(0, colon), line.slice(colon + 1, end === -1 ? undefined : end)]);
  }
  return accounts;
}

/** The first of /etc/shadow and /etc/master.passwd the image has; null when it has neither. */
export function detectShadow(view: FinalView): ShadowFacts | null {
  for (const path of SHADOW_PATHS) {
    const entry = view.resolve(path);
    if (entry?.type !== 'file') continue;
    const text = view.content(entry.path)?.toString('utf8') ?? '';
    const emptyPassword = [
      ...new Set(
        accountLines(text)
          .filter(([, field]) => passwordState(field) === 'empty')
          .map(([name]) => name),
      ),
    ];
    return { path: absolute(path), emptyPassword };
  }
  return null;
}

import type { DuplicateId, PasswdEntry, UserResolution } from '../../facts.js';
import type { ContentWanted, FinalView } from '../layers/types.js';
import { compareText, visibleText } from './paths.js';

const PASSWD = 'etc/passwd';
const GROUP = 'etc/group';

export const wants: ContentWanted = (path) => path === PASSWD || path === GROUP;

const NUMERIC = /^\d+$/;

export function detectUsers(
  view: FinalView,
  configUser: string,
): { users: PasswdEntry[]; userResolution: UserResolution; duplicateIds: DuplicateId[] } {
  const passwdText = visibleText(view, PASSWD);
  const groupText = visibleText(view, GROUP);
  const passwd = passwdText === undefined ? null : parsePasswd(passwdText);
  const groups = groupText === undefined ? null : parseGroup(groupText);
  const users = [...(passwd ?? [])].sort((a, b) => a.uid - b.uid || compareText(a.name, b.name));
  return {
    users,
    userResolution: resolveUser(configUser, passwd, groups),
    duplicateIds: [
      ...duplicatesOf(
        'uid',
        (passwd ?? []).map(({ name, uid }) => [name, uid] as const),
      ),
      ...duplicatesOf('gid', [...(groups ?? [])]),
    ],
  };
}

/** Ids held by more than one name (names in file order), lowest id first. */
export function duplicatesOf(kind: DuplicateId['kind'], named: readonly (readonly [string, number])[]): DuplicateId[] {
  const namesById = new Map<number, string[]>();
  for (const [name, id] of named) namesById.set(id, [...(namesById.get(id) ?? []), name]);
  return [...namesById]
    .filter(([, names]) => names.length > 1)
    .sort(([a], [b]) => a - b)
    .map(([id, names]) => ({ kind, id, names }));
}

/** `name:x:uid:gid:gecos:home:shell`; comments, NIS `+`/`-` lines and malformed lines are skipped; first name wins. */
export function parsePasswd(text: string): PasswdEntry[] {
  const entries: PasswdEntry[] = [];
  const seen = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    if (line === '' || line.startsWith('#') || line.startsWith('+') || line.startsWith('-')) continue;
    const fields = line.split(':');
    const [name, , uid, gid, , home, shell] = fields;
    if (fields.length < 7 || !name || !NUMERIC.test(uid ?? '') || !NUMERIC.test(gid ?? '') || seen.has(name)) continue;
    seen.add(name);
    entries.push({ name, uid: Number(uid), gid: Number(gid), home: home ?? '', shell: shell ?? '' });
  }
  return entries;
}

/** `name:x:gid:members` → gid by group name; first name wins. */
export function parseGroup(text: string): Map<string, number> {
  const groups = new Map<string, number>();
  for (const line of text.split(/\r?\n/)) {
    if (line === '' || line.startsWith('#') || line.startsWith('+') || line.startsWith('-')) continue;
    const [name, , gid] = line.split(':');
    if (name && NUMERIC.test(gid ?? '') && !groups.has(name)) groups.set(name, Number(gid));
  }
  return groups;
}

/**
 * What the runtime does with Config.User: a numeric UID (and GID) needs no files; a name must be in /etc/passwd
 * (and a group name in /etc/group), or the container fails to start with `unable to find user …`.
 */
export function resolveUser(
  user: string,
  passwd: readonly PasswdEntry[] | null,
  groups: ReadonlyMap<string, number> | null,
): UserResolution {
  if (user === '') return { user, resolves: true, uid: 0, reason: 'no USER: root' };
  const colon = user.indexOf(':');
  const userPart = colon === -1 ? user : user.slice(0, colon);
  const groupPart = colon === -1 ? '' : user.slice(colon + 1);
  const fails = (reason: string): UserResolution => ({ user, resolves: false, uid: null, reason });

  let uid: number;
  let reason: string;
  if (NUMERIC.test(userPart)) {
    uid = Number(userPart);
    const name = passwd?.find((entry) => entry.uid === uid)?.name;
    reason =
      name === undefined
        ? `numeric UID ${uid}, which needs no /etc/passwd entry`
        : `numeric UID ${uid} ("${name}" in /etc/passwd)`;
  } else {
    const entry = passwd?.find((candidate) => candidate.name === userPart);
    if (!entry) {
      const where = passwd === null ? 'the image has no /etc/passwd' : `user "${userPart}" is not in /etc/passwd`;
      return fails(`${where}: the container will not start (unable to find user ${userPart})`);
    }
    uid = entry.uid;
    reason = `user "${userPart}" is UID ${uid} in /etc/passwd`;
  }

  if (groupPart !== '' && !NUMERIC.test(groupPart)) {
    const gid = groups?.get(groupPart);
    if (gid === undefined) {
      const where = groups === null ? 'the image has no /etc/group' : `group "${groupPart}" is not in /etc/group`;
      return fails(`${where}: the container will not start (unable to find group ${groupPart})`);
    }
    reason += `; group "${groupPart}" is GID ${gid} in /etc/group`;
  }
  return { user, resolves: true, uid, reason };
}

import type { ProcessFacts } from '../../facts.js';

/** `docker top` arguments: the PPID column lets us tell the app's process tree from exec sessions (health probes). */
export const TOP_PS_ARGS = '-o pid,ppid,uid,args';
/**
 * podman answers top with its own descriptors, not ps(1)'s (it answers `-o …` with an empty body): PIDs in the
 * container's namespace (so PID 1 is the container's), and users by name, in the container (`user`) and on the host
 * (`huser`), since it has no numeric uid column.
 */
export const PODMAN_TOP_PS_ARGS = 'pid,ppid,user,huser,args';

/** The body of GET /containers/{id}/top. */
export interface TopBody {
  readonly Titles?: readonly string[] | null;
  readonly Processes?: readonly (readonly string[])[] | null;
}

export interface ProcessView {
  readonly processes: ProcessFacts[];
  readonly uids: number[];
  readonly pid1Command: string | null;
}

interface Row extends ProcessFacts {
  readonly ppid: number | null;
}

/**
 * Reads `docker top` output. PIDs are host PIDs; the container's PID 1 is the one whose host PID is State.Pid.
 * Processes outside PID 1's tree are `docker exec` sessions (health probes, an operator's shell) and are left out,
 * so the facts describe the app. `redactCommand` hides secrets passed on command lines.
 */
export function parseTop(
  body: TopBody,
  pid1HostPid: number | null,
  redactCommand: (command: string) => string = (c) => c,
): ProcessView {
  const titles = (body.Titles ?? []).map((title) => title.toUpperCase());
  const column = (...names: string[]) => titles.findIndex((title) => names.includes(title));
  const pidAt = column('PID');
  const ppidAt = column('PPID');
  const uidOf = uidReader(column('UID'), column('USER'), column('HUSER'));
  const commandAt = column('COMMAND', 'CMD', 'ARGS');
  if (pidAt < 0) return { processes: [], uids: [], pid1Command: null };
  const rows: Row[] = [];
  for (const fields of body.Processes ?? []) {
    const pid = toInt(fields[pidAt]);
    if (pid === null) continue;
    rows.push({
      pid,
      ppid: ppidAt < 0 ? null : toInt(fields[ppidAt]),
      uid: uidOf(fields),
      command: commandAt < 0 ? '' : redactCommand(fields[commandAt] ?? ''),
    });
  }
  const pid1 = rows.find((row) => row.pid === pid1HostPid) ?? null;
  const app = pid1 ? descendants(rows, pid1.pid) : rows;
  const processes = app.sort((a, b) => a.pid - b.pid).map(({ pid, uid, command }) => ({ pid, uid, command }));
  const uids = [...new Set(processes.map((process) => process.uid).filter((uid) => uid >= 0))].sort((a, b) => a - b);
  return { processes, uids, pid1Command: pid1?.command ?? null };
}

/**
 * The numeric uid of a row, -1 when unknown. podman names users: a number is the uid, `root` is 0 (a name only the
 * host's or the image's uid 0 has by convention: a hostile image naming another uid root makes a false finding, never
 * a missed one); any other name is unknown.
 */
function uidReader(uidAt: number, userAt: number, hostUserAt: number): (fields: readonly string[]) => number {
  if (uidAt >= 0) return (fields) => toInt(fields[uidAt]) ?? -1;
  const named = [userAt, hostUserAt].filter((at) => at >= 0);
  return (fields) => {
    const names = named.map((at) => fields[at]?.trim() ?? '');
    const numeric = names.map((name) => toInt(name)).find((uid) => uid !== null);
    if (numeric !== undefined && numeric !== null) return numeric;
    return names.includes('root') ? 0 : -1;
  };
}

/** `root` and every process below it; without a PPID column everything counts. */
function descendants(rows: readonly Row[], root: number): Row[] {
  if (rows.some((row) => row.ppid === null)) return [...rows];
  const inTree = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const row of rows) {
      if (!inTree.has(row.pid) && row.ppid !== null && inTree.has(row.ppid)) {
        inTree.add(row.pid);
        grew = true;
      }
    }
  }
  return rows.filter((row) => inTree.has(row.pid));
}

function toInt(field: string | undefined): number | null {
  return field !== undefined && /^\d+$/.test(field.trim()) ? Number(field.trim()) : null;
}

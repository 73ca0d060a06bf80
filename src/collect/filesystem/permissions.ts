import type { FinalView } from '../layers/types.js';
import { absolute, compareText } from './paths.js';

const SETUID = 0o4000;
const SETGID = 0o2000;
const STICKY = 0o1000;
const OTHERS_WRITE = 0o002;
/** Kernel and device trees: mount points at run time, not the image's files. */
const RUNTIME_TREES = /^(?:proc|sys|dev)(?:\/|$)/;

export interface PermissionFacts {
  readonly setuid: string[];
  readonly setgid: string[];
  readonly worldWritable: string[];
}

/** Headers alone: a hard link carries its own mode bits, so a link to a setuid file is setuid too. */
export function detectPermissions(view: FinalView): PermissionFacts {
  const setuid: string[] = [];
  const setgid: string[] = [];
  const worldWritable: string[] = [];
  for (const { path, type, mode } of view.files.values()) {
    const regular = type === 'file' || type === 'hardlink';
    if (regular && mode & SETUID) setuid.push(absolute(path));
    if (regular && mode & SETGID) setgid.push(absolute(path));
    // Symlinks are always 0777; a sticky directory (like /tmp) only lets owners delete their own files.
    const writable = mode & OTHERS_WRITE && (regular || (type === 'directory' && !(mode & STICKY)));
    if (writable && !RUNTIME_TREES.test(path)) worldWritable.push(absolute(path));
  }
  return {
    setuid: setuid.sort(compareText),
    setgid: setgid.sort(compareText),
    worldWritable: worldWritable.sort(compareText),
  };
}

import type { ToolFinding } from '../../facts.js';

// Evidence wording the filesystem rules share.

/** `1 file`, `3 files`. */
export function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}

/** Real programs only: a busybox applet is not the program it is named after. */
export function realTools(tools: readonly ToolFinding[]): ToolFinding[] {
  return tools.filter((tool) => !tool.busyboxApplet);
}

/** `apt-get, dpkg`: each name once, in the order found. */
export function toolNames(tools: readonly ToolFinding[]): string {
  return [...new Set(tools.map((tool) => tool.name))].join(', ');
}

/** `layer 3` or `layer 3, deleted in a later layer but still extractable`. */
export function layerNote(layerIndex: number, deleted: boolean): string {
  return `layer ${layerIndex}${deleted ? ', deleted in a later layer but still extractable' : ''}`;
}

/** ` (2 deleted in a later layer but still extractable)`, or nothing when none was deleted. */
export function deletedNote(findings: readonly { readonly deleted: boolean }[]): string {
  const deleted = findings.filter((finding) => finding.deleted).length;
  return deleted === 0 ? '' : ` (${deleted} deleted in a later layer but still extractable)`;
}

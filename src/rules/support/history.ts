import type { HistoryEntry } from '../../facts.js';
import { withoutBuildkitMarker } from '../../secrets/history-step.js';
import { truncate } from '../../shared/text.js';

/** A build step as the user wrote it: the legacy builder's `/bin/sh -c #(nop)` and BuildKit's `# buildkit` dropped. */
export function stepText(createdBy: string): string {
  return withoutBuildkitMarker(createdBy)
    .replace(/^\/bin\/sh -c #\(nop\)\s*/, '')
    .trim();
}

/** Evidence line for one history entry; `index` is 0-based, oldest first, like `SecretFinding.historyIndex`. */
export function historyEvidence(index: number, entry: HistoryEntry): string {
  return truncate(`history #${index}: ${stepText(entry.createdBy)}`);
}

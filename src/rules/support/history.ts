import type { HistoryEntry } from '../../facts.js';
import { stepText } from '../../secrets/history-step.js';
import { truncate } from '../../shared/text.js';

/** Evidence line for one history entry; `index` is 0-based, oldest first, like `SecretFinding.historyIndex`. */
export function historyEvidence(index: number, entry: HistoryEntry): string {
  return truncate(`history #${index}: ${stepText(entry.createdBy)}`);
}

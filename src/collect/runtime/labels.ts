import { hostname } from 'node:os';
import { MANAGED_LABEL } from '../../shared/cleanup.js';

/** The process that created a container: tells whose leftovers are whose, and whether their owner still runs. */
export const OWNER_PID_LABEL = 'imgaudit.owner-pid';
/** The host that process runs on: a pid says nothing about a process of another machine (or container). */
export const OWNER_HOST_LABEL = 'imgaudit.owner-host';

/** The labels of every container this process creates. */
export function ownerLabels(): Record<string, string> {
  return { [MANAGED_LABEL]: 'true', [OWNER_PID_LABEL]: String(process.pid), [OWNER_HOST_LABEL]: hostname() };
}

/** What the sweep did: the containers it removed, and why it gave up (null when it did not). */
export interface SweepResult {
  readonly removed: readonly string[];
  readonly error: string | null;
}

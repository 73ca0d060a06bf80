import type { AuditStage, ProgressEvent } from '../audit.js';
import { sanitizeForTerminal } from '../shared/escape.js';

export interface Progress {
  readonly onProgress: (event: ProgressEvent) => void;
  /** Clears the line; call before anything else is written to the stream. */
  finish(): void;
}

const ORDER: readonly AuditStage[] = ['runtime', 'layers', 'resolving'];

/**
 * One status line on a terminal, rewritten in place as images move through the stages:
 * `imgaudit: 2/6 done · runtime: shop/api:1.2 · layers: shop/web:1.2, shop/worker:1.2`.
 * Silent (no-op) when the stream is not a terminal, so logs and pipes never see it.
 */
export function createProgress(stream: NodeJS.WriteStream, enabled: boolean): Progress {
  if (!enabled || stream.isTTY !== true) return { onProgress: () => undefined, finish: () => undefined };
  const stages = new Map<number, { ref: string; stage: AuditStage }>();
  let total = 0;
  let shown = false;
  const render = () => {
    const done = [...stages.values()].filter(({ stage }) => stage === 'done' || stage === 'failed').length;
    const parts = [`imgaudit: ${done}/${total} done`];
    for (const stage of ORDER) {
      const refs = [...stages.values()]
        .filter((entry) => entry.stage === stage)
        .map((entry) => sanitizeForTerminal(entry.ref));
      if (refs.length > 0) parts.push(`${stage}: ${refs.join(', ')}`);
    }
    const width = Math.max(20, (stream.columns ?? 80) - 1);
    const line = parts.join(' · ');
    stream.write(`\r\x1b[2K${line.length > width ? `${line.slice(0, width - 1)}…` : line}`);
    shown = true;
  };
  return {
    onProgress(event) {
      total = event.total;
      stages.set(event.index, { ref: event.ref, stage: event.stage });
      render();
    },
    finish() {
      if (shown) stream.write('\r\x1b[2K');
      shown = false;
    },
  };
}

import { findSecretsInText } from '../../secrets/text.js';

/** A secret found in a file's text; the value never leaves the filesystem collector. */
export interface FileTextSecret {
  readonly kind: string;
  readonly value: string;
  /** 1-based. */
  readonly line: number;
}

/** Secrets in one file's text, each (kind, value) once at its first line; the file's name picks its format's finders. */
export function findSecretsInFile(text: string, baseName: string): FileTextSecret[] {
  const found = findSecretsInText(text, { file: baseName.toLowerCase() });
  if (found.length === 0) return [];
  const lines = lineStarts(text);
  const seen = new Set<string>();
  const secrets: FileTextSecret[] = [];
  for (const { kind, value, start } of found) {
    const key = `${kind}\u0000${value}`;
    if (seen.has(key)) continue;
    seen.add(key);
    secrets.push({ kind, value, line: lineOf(lines, start) });
  }
  return secrets;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  return starts;
}

function lineOf(starts: readonly number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >>> 1;
    if (starts[middle]! <= offset) low = middle;
    else high = middle - 1;
  }
  return low + 1;
}

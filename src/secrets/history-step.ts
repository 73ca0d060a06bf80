import { readPairs, type Pair } from './pairs.js';

/** One `docker history` entry, taken apart: which instruction made it and what it recorded. */
export interface HistoryStep {
  readonly instruction: string;
  /** ENV and ARG: the recorded pairs. RUN: the build args of a `|N` prefix. */
  readonly pairs: readonly Pair[];
  /** RUN: the command after any build args. Other instructions: their whole text. ENV and ARG: empty. */
  readonly text: string;
}

/** Legacy builder metadata steps: `/bin/sh -c #(nop)  ENV A=1` (or `cmd /S /C #(nop) …` on Windows). */
const LEGACY_NOP = /^[^#]*#\(nop\)\s*([A-Z]+)\b\s*/;
/** BuildKit records `ENV A=1`, `ARG B`, `RUN … # buildkit`: the instruction first. */
const INSTRUCTION =
  /^(ADD|ARG|CMD|COPY|ENTRYPOINT|ENV|EXPOSE|FROM|HEALTHCHECK|LABEL|MAINTAINER|ONBUILD|RUN|SHELL|STOPSIGNAL|USER|VOLUME|WORKDIR)(?:\s+|$)/;
const BUILDKIT_MARKER = ' # buildkit';
const BUILD_ARGS = /^\|(\d+)\s+/;
/** The pre-1.x `ENV KEY value with spaces` form: one pair, no `=`. */
const ENV_SPACE_FORM = /^(\S+)\s*([\s\S]*)$/;

export function parseHistoryStep(createdBy: string): HistoryStep {
  const text = withoutBuildkitMarker(createdBy);
  const head = LEGACY_NOP.exec(text) ?? INSTRUCTION.exec(text);
  // Anything else is a legacy RUN: the command itself, after `|N` build args when any were set.
  const instruction = head?.[1] ?? 'RUN';
  const body = head ? text.slice(head[0].length) : text;
  switch (instruction) {
    case 'ENV':
      return { instruction, pairs: envPairs(body), text: '' };
    case 'ARG':
      return { instruction, pairs: readPairs(body).pairs, text: '' };
    case 'RUN':
      return runStep(body);
    default:
      return { instruction, pairs: [], text: body };
  }
}

/** A string test, not a regex: `\s+#…$` backtracks quadratically over long runs of spaces. */
export function withoutBuildkitMarker(createdBy: string): string {
  const text = createdBy.trimEnd();
  return text.endsWith(BUILDKIT_MARKER) ? text.slice(0, -BUILDKIT_MARKER.length) : createdBy;
}

function envPairs(body: string): Pair[] {
  const { pairs } = readPairs(body);
  if (pairs[0]?.value !== null) return pairs;
  const spaceForm = ENV_SPACE_FORM.exec(body.trim());
  return spaceForm ? [{ name: spaceForm[1] ?? '', value: spaceForm[2] ?? '' }] : [];
}

function runStep(body: string): HistoryStep {
  const prefix = BUILD_ARGS.exec(body);
  if (!prefix) return { instruction: 'RUN', pairs: [], text: body };
  const rest = body.slice(prefix[0].length);
  const { pairs, end } = readPairs(rest, Number(prefix[1]));
  return { instruction: 'RUN', pairs, text: rest.slice(end) };
}

/** A build step as the user wrote it: the legacy builder's `/bin/sh -c #(nop)` and BuildKit's `# buildkit` dropped. */
export function stepText(createdBy: string): string {
  return withoutBuildkitMarker(createdBy)
    .replace(/^\/bin\/sh -c #\(nop\)\s*/, '')
    .trim();
}

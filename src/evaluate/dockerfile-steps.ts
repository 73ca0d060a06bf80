import type { DockerfileFacts, HistoryEntry } from '../facts.js';
import { finalInstructions } from '../rules/support/dockerfile.js';
import { parseHistoryStep } from '../secrets/history-step.js';

/**
 * The Dockerfile line of each of the image's own build steps, when the Dockerfile given is the one that made them:
 * the steps after the base (history order) are matched, in order, to the instructions of the final stage and the
 * stages it is built FROM (file order), each step to the next instruction with its keyword (a RUN also by its
 * command, spaces aside); an instruction that left no step (an ARG to some builders) is passed over. Unless every
 * own step finds its instruction, the Dockerfile is not taken for the image's and no step gets a line: a line is
 * never guessed.
 */
export function dockerfileLines(
  dockerfile: DockerfileFacts,
  history: readonly HistoryEntry[],
  firstOwnStep: number,
): ReadonlyMap<number, number> {
  const instructions = finalInstructions(dockerfile);
  const lines = new Map<number, number>();
  let next = 0;
  for (let step = firstOwnStep; step < history.length; step++) {
    const parsed = parseHistoryStep(history[step]!.createdBy);
    const at = instructions.findIndex(
      (instruction, index) =>
        index >= next &&
        instruction.keyword === parsed.instruction &&
        (parsed.instruction !== 'RUN' || sameCommand(parsed.text, instruction.arguments)),
    );
    if (at === -1) return new Map();
    lines.set(step, instructions[at]!.line);
    next = at + 1;
  }
  return lines;
}

/**
 * `/bin/sh -c `, `/bin/bash -o pipefail -c ` (after a SHELL instruction): the shell the builder ran a RUN with. A
 * bare `-o` always takes a value: read also as a flag of its own, `-o -o -o …` took exponential time.
 */
const SHELL_PREFIX = /^\/\S*sh(?: -o \S+| -(?!o )[a-zA-Z]+)* -c /;

/** A RUN as the history recorded it (`/bin/sh -c …` or exec form) against the Dockerfile's text, spaces aside. */
function sameCommand(recorded: string, written: string): boolean {
  const squeeze = (text: string) =>
    text
      .replace(/\\\r?\n/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
  const command = squeeze(recorded.replace(SHELL_PREFIX, ''));
  const text = squeeze(written);
  if (command === text) return true;
  // Exec form: the history joins the JSON array's words with spaces.
  if (text.startsWith('[')) {
    try {
      const words: unknown = JSON.parse(text);
      if (Array.isArray(words)) return squeeze(words.map(String).join(' ')) === command;
    } catch {
      return false;
    }
  }
  return false;
}

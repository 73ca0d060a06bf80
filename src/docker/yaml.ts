/** How many alias expansions a YAML document may make: the yaml library's own default, stated once for both readers. */
export const MAX_YAML_ALIASES = 100;

/** What a file that exceeds it is told, after its name. */
export const TOO_MANY_ALIASES = `too many YAML aliases (more than ${MAX_YAML_ALIASES}): not accepted`;

/** True for the yaml library's refusal of a document that expands too many aliases (a "billion laughs" bomb). */
export function isAliasBomb(error: unknown): boolean {
  return error instanceof ReferenceError && /excessive alias count/i.test(error.message);
}
